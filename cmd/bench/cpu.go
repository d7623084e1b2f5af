package main

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat's times
// (100 on every Linux the benchmark runs on).
const clockTicks = 100

// cpuSeconds is the CPU time a process has used: its own user and system
// time and, with children, that of its children it has reaped and of those
// still running (a PostgreSQL server's backends).
func cpuSeconds(pid int, children bool) (float64, error) {
	own, reaped, err := statTimes(pid)
	if err != nil {
		return 0, err
	}
	if !children {
		return float64(own) / clockTicks, nil
	}
	total := own + reaped
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		child, _ := strconv.Atoi(strings.Split(path, "/")[2])
		if child == pid || parentOf(path) != pid {
			continue
		}
		if t, _, err := statTimes(child); err == nil {
			total += t
		}
	}
	return float64(total) / clockTicks, nil
}

// statTimes reads utime+stime and cutime+cstime of a process.
func statTimes(pid int) (own, reaped int64, err error) {
	f, err := statFields(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	// After "pid (comm)": state is field 3; utime, stime, cutime, cstime are 14-17.
	n := func(i int) int64 { v, _ := strconv.ParseInt(f[i-3], 10, 64); return v }
	return n(14) + n(15), n(16) + n(17), nil
}

// parentOf reads a /proc/<pid>/stat file's parent pid, 0 when unreadable.
func parentOf(path string) int {
	f, err := statFields(path)
	if err != nil {
		return 0
	}
	ppid, _ := strconv.Atoi(f[1])
	return ppid
}

// statFields returns the fields of a stat file after "pid (comm)", whose
// command may hold blanks and parentheses.
func statFields(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil, fmt.Errorf("%s: unreadable", path)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 15 {
		return nil, fmt.Errorf("%s: %d fields", path, len(f))
	}
	return f, nil
}

// processes names the processes whose CPU time the benchmark follows.
func (b *bench) processes() map[string]int {
	procs := map[string]int{"worker": b.sys.Worker.Pid(), "api": b.sys.API.Pid(), "bench": os.Getpid()}
	if pid := b.temporalPid(); pid != 0 {
		procs["temporal"] = pid
	}
	if u, err := url.Parse(b.sys.Env.DatabaseURL); err == nil {
		if port, err := strconv.Atoi(u.Port()); err == nil && isLocal(u.Hostname()) {
			if pid, err := listenerPid(port); err == nil {
				procs["postgres"] = pid
			}
		}
	}
	return procs
}

// isLocal reports whether host is this machine.
func isLocal(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// cpuNames are the processes in the order the CPU table lists them.
var cpuNames = []string{"temporal", "postgres", "worker", "api", "bench"}

// ownTimeOnly are the processes whose children are measured on their own:
// the benchmark started the others.
var ownTimeOnly = map[string]bool{"bench": true}

// cpuMeter measures the CPU time each process uses during a step.
type cpuMeter struct {
	procs  map[string]int
	before map[string]float64
}

// meterCPU starts measuring.
func (b *bench) meterCPU() *cpuMeter {
	m := &cpuMeter{procs: b.processes(), before: map[string]float64{}}
	for name, pid := range m.procs {
		if s, err := cpuSeconds(pid, !ownTimeOnly[name]); err == nil {
			m.before[name] = s
		}
	}
	return m
}

// record stores what each process used since meterCPU under
// "cpu.<step>.<process>".
func (m *cpuMeter) record(step string, out run) {
	for name, pid := range m.procs {
		if s, err := cpuSeconds(pid, !ownTimeOnly[name]); err == nil {
			if before, ok := m.before[name]; ok {
				out["cpu."+step+"."+name] = s - before
			}
		}
	}
}

// cpuSteps are the steps whose CPU time is measured, as the table names them.
var cpuSteps = []struct{ key, label string }{
	{"b", "(b) campaign start, until every workflow runs, drained"},
	{"c", "(c) batch status update, until every workflow caught up"},
	{"f", "(f) the lead pages, every request of every kind (warm-ups included)"},
}

// printCPU writes the median CPU seconds each process used during the
// steps measured on a pass, a table of its own (none when no step was
// measured).
func printCPU(w io.Writer, runs []run, p pass) {
	var lines []string
	for _, step := range cpuSteps {
		cells := []string{step.label}
		measured := false
		for _, name := range cpuNames {
			var v []float64
			for _, r := range runs {
				if s, ok := r["cpu."+step.key+"."+name+p.suffix]; ok {
					v = append(v, s)
				}
			}
			cell := ""
			if len(v) > 0 {
				measured, cell = true, fmt.Sprintf("%.1f", summarize(v).Median)
			}
			cells = append(cells, cell)
		}
		if measured {
			lines = append(lines, "| "+strings.Join(cells, " | ")+" |")
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "\n| CPU seconds used (median of the runs)%s | %s |\n", p.label, strings.Join(cpuNames, " | "))
	fmt.Fprintf(w, "|---|%s\n", strings.Repeat("---:|", len(cpuNames)))
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}
