package rig

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// Machine describes this computer: CPUs and memory.
func Machine() string {
	mem := "memory unknown"
	if f, err := os.Open("/proc/meminfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) >= 2 && fields[0] == "MemTotal:" {
				if kb, err := strconv.Atoi(fields[1]); err == nil {
					mem = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
				}
			}
		}
	}
	return fmt.Sprintf("%d CPUs, %s", runtime.NumCPU(), mem)
}

// Commit names the checked-out commit, "-dirty" when files differ from it.
func Commit() string {
	out, err := exec.Command("git", "describe", "--always", "--dirty", "--abbrev=12").Output()
	if err != nil {
		return "unknown (no git)"
	}
	return strings.TrimSpace(string(out))
}

// Executable returns the absolute path of the drumbeat binary at path, or
// why it cannot be run; make names the make target that builds and runs it.
func Executable(path, make string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return "", fmt.Errorf("DRUMBEAT_BIN=%s is not an executable (run `make build`, or `make %s` which builds it)", path, make)
	}
	return filepath.Abs(path)
}
