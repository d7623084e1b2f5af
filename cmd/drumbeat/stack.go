package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/drumbeat-crm/drumbeat/cmd/drumbeat/devstack"
)

// runStack implements `drumbeat stack [-logs DIR] [-- command args...]`. It
// starts a throw-away stack (PostgreSQL, Temporal dev server, SMTP sink, all
// on free ports), runs the command with the stack's variables added to the
// environment, stops the stack whatever happens and returns the command's
// exit code. Without a command it prints the variables and runs until
// interrupted.
func runStack(args []string) int {
	fs := flag.NewFlagSet("stack", flag.ContinueOnError)
	logsDir := fs.String("logs", "", "keep the stack's process logs in `DIR`/logs (default: removed with the stack)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: drumbeat stack [-logs DIR] [-- command args...]")
		fmt.Fprintln(fs.Output(), "Starts a throw-away local stack, runs the command against it, then stops it.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	command := fs.Args()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil)).With("component", "stack")

	// Catch signals from the start, so an interrupt while the stack starts
	// still stops what was started.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			log.Warn("interrupted while starting the stack", "signal", sig)
			cancel()
		case <-started:
		}
	}()

	st, err := devstack.Start(ctx, devstack.Options{
		DataDir:   *logsDir,
		Ephemeral: true,
		Headless:  true,
		Log:       log,
	})
	close(started)
	if err != nil {
		log.Error("could not start the stack", "err", err)
		if ctx.Err() != nil {
			return 130
		}
		return 1
	}
	defer func() {
		if err := st.Stop(); err != nil {
			log.Warn("stopping the stack", "err", err)
		}
	}()
	if ctx.Err() != nil {
		return 130
	}

	if len(command) == 0 {
		for _, kv := range stackEnviron(st) {
			fmt.Println(kv)
		}
		log.Info("stack running; interrupt to stop")
		<-sigs
		return 0
	}
	return runWithStack(log, st, command, sigs)
}

// runWithStack runs command with the stack's environment, forwarding
// signals to it, and returns its exit code.
func runWithStack(log *slog.Logger, st *devstack.Stack, command []string, sigs <-chan os.Signal) int {
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Env = append(os.Environ(), stackEnviron(st)...)
	cmd.Stdin = os.Stdin
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		log.Error("could not run the command", "command", command[0], "err", err)
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			return 127
		}
		return 126
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	received := 0
	for {
		select {
		case sig := <-sigs:
			received++
			if received == 1 {
				log.Warn("passing signal to the command", "signal", sig)
				_ = cmd.Process.Signal(sig)
			} else {
				log.Warn("second signal: killing the command", "signal", sig)
				_ = cmd.Process.Kill()
			}
		case err := <-done:
			return exitCode(cmd, err)
		}
	}
}

// exitCode turns the end of a command into a shell-style exit code.
func exitCode(cmd *exec.Cmd, err error) int {
	if err == nil {
		return 0
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	if code := cmd.ProcessState.ExitCode(); code > 0 {
		return code
	}
	return 1
}

// stackEnviron is the stack's environment, with a throw-away
// UNSUBSCRIBE_SECRET unless one is set, so an api or worker started
// against the stack runs.
func stackEnviron(st *devstack.Stack) []string {
	env := st.Env().Environ()
	if os.Getenv("UNSUBSCRIBE_SECRET") == "" {
		env = append(env, "UNSUBSCRIBE_SECRET="+randomSecret())
	}
	return env
}
