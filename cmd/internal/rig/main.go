package rig

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// Outcome is what a measuring command's run found: a table to print, and
// whether it falls short of what the command promises.
type Outcome interface {
	Print(w io.Writer)
	Failed() bool
}

// Main is a measuring command's main: it reads the command's settings with
// load, runs it until it ends or SIGINT or SIGTERM stops it, and prints
// its outcome on stdout. It exits 2 when the settings are bad or the run
// could not be carried out, 1 when the outcome failed, 0 otherwise.
// component names the command in its logs.
func Main[C any, O Outcome](component string, load func(getenv func(string) string) (C, error),
	run func(context.Context, C, *slog.Logger) (O, error)) {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil)).With("component", component)
	cfg, err := load(os.Getenv)
	if err != nil {
		log.Error("bad configuration", "err", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	out, err := run(ctx, cfg, log)
	stop()
	if err != nil {
		log.Error("the run could not be carried out", "err", err)
		os.Exit(2)
	}
	out.Print(os.Stdout)
	if out.Failed() {
		os.Exit(1)
	}
}
