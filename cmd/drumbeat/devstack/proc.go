package devstack

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// child is a long-running process started by the stack in its own process
// group, with its output appended to a log file.
type child struct {
	name    string
	logPath string
	cmd     *exec.Cmd
	logFile *os.File
	done    chan struct{}
	waitErr error
	log     *slog.Logger
}

// startChild starts argv as a child process. cred, when not nil, runs it as
// another user (used for PostgreSQL when Drumbeat runs as root).
func startChild(log *slog.Logger, name, logPath string, env []string, cred *syscall.Credential, argv ...string) (*child, error) {
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("%s: open log: %w", name, err)
	}
	fmt.Fprintf(f, "\n=== %s starting %s\n", time.Now().Format(time.RFC3339), strings.Join(argv, " "))
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = "/"
	cmd.Stdout = f
	cmd.Stderr = f
	cmd.SysProcAttr = childSysProcAttr(cred)
	if err := cmd.Start(); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("%s: start %s: %w", name, argv[0], err)
	}
	c := &child{name: name, logPath: logPath, cmd: cmd, logFile: f, done: make(chan struct{}), log: log}
	go func() {
		c.waitErr = cmd.Wait()
		close(c.done)
	}()
	log.Debug("started process", "name", name, "pid", cmd.Process.Pid, "log", logPath)
	return c, nil
}

// exited reports whether the process has ended.
func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// exitError describes how the process ended, with the end of its log.
func (c *child) exitError() error {
	return fmt.Errorf("%s exited early (%v); end of %s:\n%s", c.name, c.waitErr, c.logPath, tail(c.logPath, 25))
}

// wait waits up to d for the process to end and reports whether it did.
func (c *child) wait(d time.Duration) bool {
	select {
	case <-c.done:
		return true
	case <-time.After(d):
		return false
	}
}

// stop sends SIGTERM to the process group, then SIGKILL after grace, and
// waits for the process to end. It is safe to call more than once.
func (c *child) stop(grace time.Duration) {
	defer c.logFile.Close()
	if c.exited() {
		return
	}
	pgid := c.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	if c.wait(grace) {
		c.log.Debug("stopped process", "name", c.name)
		return
	}
	c.log.Warn("process did not stop in time; killing it", "name", c.name, "grace", grace)
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	if !c.wait(5 * time.Second) {
		c.log.Error("process survived SIGKILL", "name", c.name, "pid", pgid)
	}
}

// runCommand runs a short command to completion, appending its output to
// logPath, and returns an error with the end of its output when it fails.
func runCommand(ctx context.Context, logPath string, env []string, cred *syscall.Credential, argv ...string) error {
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	defer f.Close()
	fmt.Fprintf(f, "\n=== %s running %s\n", time.Now().Format(time.RFC3339), strings.Join(argv, " "))
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = "/"
	cmd.Stdout = f
	cmd.Stderr = f
	cmd.SysProcAttr = childSysProcAttr(cred)
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w; end of %s:\n%s", strings.Join(argv, " "), err, logPath, tail(logPath, 25))
	}
	return nil
}

// tail returns the last n lines of a file, or a note when it cannot be read.
func tail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}

// freePort asks the kernel for a free TCP port on 127.0.0.1.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// portOrFree returns p, or a free port when p is 0.
func portOrFree(p int) (int, error) {
	if p != 0 {
		return p, nil
	}
	return freePort()
}

// portOpen reports whether something accepts TCP connections on addr.
func portOpen(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, 500*time.Millisecond)
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}

// errTimeout is returned by poll when the deadline passes.
var errTimeout = errors.New("timed out")

// poll calls check every interval until it returns nil, the child (if any)
// exits, ctx ends or timeout passes. The last error of check is returned
// with the reason for giving up.
func poll(ctx context.Context, timeout, interval time.Duration, proc *child, check func(context.Context) error) error {
	deadline := time.Now().Add(timeout)
	var last error
	for {
		attemptCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
		last = check(attemptCtx)
		cancel()
		if last == nil {
			return nil
		}
		if proc != nil && proc.exited() {
			return proc.exitError()
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%w (last error: %v)", err, last)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%w after %s: %v", errTimeout, timeout, last)
		}
		select {
		case <-ctx.Done():
		case <-time.After(interval):
		}
	}
}

// filterEnv returns env without the variables whose names start with any of
// the prefixes.
func filterEnv(env []string, prefixes ...string) []string {
	out := make([]string, 0, len(env))
next:
	for _, kv := range env {
		for _, p := range prefixes {
			if strings.HasPrefix(kv, p) {
				continue next
			}
		}
		out = append(out, kv)
	}
	return out
}
