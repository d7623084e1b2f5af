package devstack

import (
	"context"
	"log/slog"
	"syscall"
	"time"
)

// Process is a long-running program started next to a stack (a Drumbeat
// worker or API, say) the way the stack starts its own parts: in its own
// process group, its output appended to a log file, ended by the kernel
// should this process die first.
type Process struct{ c *child }

// StartProcess starts argv with env, appending its output to logPath.
func StartProcess(log *slog.Logger, name, logPath string, env []string, argv ...string) (*Process, error) {
	if log == nil {
		log = slog.Default()
	}
	c, err := startChild(log, name, logPath, env, nil, argv...)
	if err != nil {
		return nil, err
	}
	return &Process{c: c}, nil
}

// Pid returns the process id.
func (p *Process) Pid() int { return p.c.cmd.Process.Pid }

// Exited reports whether the process has ended.
func (p *Process) Exited() bool { return p.c.exited() }

// ExitError describes how the process ended, with the end of its log.
func (p *Process) ExitError() error { return p.c.exitError() }

// Kill ends the process group at once with SIGKILL, as a crash would (no
// clean-up of any kind), and waits until the process is gone.
func (p *Process) Kill() {
	defer p.c.logFile.Close()
	_ = syscall.Kill(-p.Pid(), syscall.SIGKILL)
	if !p.c.wait(10 * time.Second) {
		p.c.log.Error("process survived SIGKILL", "name", p.c.name, "pid", p.Pid())
	}
}

// Stop asks the process to end (SIGTERM), killing it after grace. It is
// safe to call more than once, and after Kill.
func (p *Process) Stop(grace time.Duration) { p.c.stop(grace) }

// RunCommand runs a short command to completion with env, appending its
// output to logPath; its error carries the end of that output.
func RunCommand(ctx context.Context, logPath string, env []string, argv ...string) error {
	return runCommand(ctx, logPath, env, nil, argv...)
}

// FreePort asks the kernel for a free TCP port on 127.0.0.1.
func FreePort() (int, error) { return freePort() }
