package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/drumbeat-crm/drumbeat/cmd/internal/rig"
)

// faultStep is one fault of the run, applied once its moment has come.
type faultStep struct {
	fault string
	name  string
	// when describes the moment; ready reports that it has come.
	when  string
	ready func() bool
	apply func(ctx context.Context) error
}

// faultEvent is a fault as it was applied.
type faultEvent struct {
	name    string
	at      time.Duration
	late    bool
	err     error
	elapsed time.Duration
}

// faultRunner applies the run's faults one after the other, each when the
// SMTP server has seen a given share of an email kind, so that they land
// in the same phase of the run whatever its size.
type faultRunner struct {
	log   *slog.Logger
	began time.Time
	// patience is how long a step waits for its moment before it is applied
	// anyway (the run may be stuck, which a fault must not hide). It is the
	// run's own timeout: on a slow machine the follow-ups may begin many
	// minutes after the last fault of the start, and a fault applied before
	// its phase tests nothing.
	patience time.Duration
	// mu is held while a fault is applied; the run's own API writes take it
	// too, so that a request is never cut in half by a fault.
	mu     sync.Mutex
	events []faultEvent
	// kills and restarts count the worker kills and PostgreSQL restarts
	// applied: the faults that can leave messages accepted but not marked.
	kills    int
	restarts int
	done     chan struct{}
}

// plan lists the chosen faults in run order: during the campaign start (a
// worker kill, PostgreSQL, Temporal) and during the delayed follow-ups (the
// SMTP server down, the second worker kill).
func plan(cfg config, sys *system, smtp *rig.SMTPServer, t *tally, r *faultRunner) []faultStep {
	share := func(kind string, percent int) (string, func() bool) {
		need := max(1, cfg.N*percent/100)
		return fmt.Sprintf("%d%% of the %s emails received", percent, kind), func() bool { return t.delivered(kind) >= need }
	}
	kill := func(context.Context) error {
		r.kills++
		return sys.KillWorker()
	}
	var steps []faultStep
	add := func(fault, name, kind string, percent int, apply func(context.Context) error) {
		if cfg.has(fault) {
			when, ready := share(kind, percent)
			steps = append(steps, faultStep{fault: fault, name: name, when: when, ready: ready, apply: apply})
		}
	}
	add(faultWorker, "worker SIGKILL 1", kindFirst, 20, kill)
	add(faultPostgres, "PostgreSQL restart -m fast", kindFirst, 50, func(ctx context.Context) error {
		r.restarts++
		return sys.Stack.RestartPostgres(ctx)
	})
	add(faultTemporal, "Temporal dev server restart", kindFirst, 80, sys.Stack.RestartTemporal)
	add(faultSMTP, fmt.Sprintf("SMTP server down %s", cfg.SMTPDown), kindFollowUp, 20, func(ctx context.Context) error {
		smtp.Stop()
		r.log.Warn("SMTP server stopped", "for", cfg.SMTPDown)
		select {
		case <-ctx.Done():
		case <-time.After(cfg.SMTPDown):
		}
		return smtp.Start()
	})
	add(faultWorker, "worker SIGKILL 2", kindFollowUp, 60, kill)
	return steps
}

// run applies the steps in the background; done closes when all are applied.
func (r *faultRunner) run(ctx context.Context, steps []faultStep) {
	r.done = make(chan struct{})
	go func() {
		defer close(r.done)
		for _, s := range steps {
			late := !r.await(ctx, s)
			if ctx.Err() != nil {
				return
			}
			r.apply(ctx, s, late)
		}
	}()
}

// await waits for a step's moment; false when patience ran out first.
func (r *faultRunner) await(ctx context.Context, s faultStep) bool {
	deadline := time.Now().Add(r.patience)
	for !s.ready() {
		if time.Now().After(deadline) {
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(20 * time.Millisecond):
		}
	}
	return true
}

func (r *faultRunner) apply(ctx context.Context, s faultStep, late bool) {
	// The SMTP outage lasts a minute without touching the API: it does not
	// hold the lock.
	if s.fault != faultSMTP {
		r.mu.Lock()
		defer r.mu.Unlock()
	}
	ev := faultEvent{name: s.name, at: time.Since(r.began), late: late}
	if late {
		r.log.Warn("fault applied before its moment came", "fault", s.name, "waited_for", s.when, "patience", r.patience)
	}
	r.log.Warn("fault", "name", s.name, "at", ev.at.Round(time.Millisecond), "when", s.when)
	begin := time.Now()
	ev.err = s.apply(ctx)
	ev.elapsed = time.Since(begin)
	if ev.err != nil {
		r.log.Error("fault failed", "name", s.name, "err", ev.err)
	}
	r.events = append(r.events, ev)
}

// summary describes the applied faults for the report.
func (r *faultRunner) summary() string {
	var parts []string
	for _, e := range r.events {
		p := fmt.Sprintf("%s at %s", e.name, e.at.Round(time.Second))
		if e.late {
			p += " (late)"
		}
		if e.err != nil {
			p += " (FAILED: " + e.err.Error() + ")"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}

// failed counts faults that could not be applied.
func (r *faultRunner) failed() int {
	n := 0
	for _, e := range r.events {
		if e.err != nil {
			n++
		}
	}
	return n
}
