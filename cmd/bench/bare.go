package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"golang.org/x/sync/errgroup"

	"github.com/drumbeat-crm/drumbeat/cmd/internal/rig"
)

// Bare Temporal workflows, registered by the benchmark's own worker on a
// task queue of their own.
const (
	bareActivityWorkflow = "BenchOneActivity"
	bareSignalWorkflow   = "BenchAwaitSignal"
	bareSignal           = "go"
)

// parallel is how many starts or signals are in flight at once: as many as
// Drumbeat's own fan-outs use (workflows.startParallel).
const parallel = 8

func oneActivityWorkflow(ctx workflow.Context) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
	return workflow.ExecuteActivity(ctx, noop).Get(ctx, nil)
}

func awaitSignalWorkflow(ctx workflow.Context) error {
	workflow.GetSignalChannel(ctx, bareSignal).Receive(ctx, nil)
	return nil
}

func noop(context.Context) error { return nil }

// bare measures scenario (a) on the server the run uses: n one-activity
// workflows started and completed, then n signals to n workflows waiting
// for one.
func bare(ctx context.Context, log *slog.Logger, obs *observer, n int, deadline time.Time, out run) error {
	queue := "bench-bare-" + rig.RandomHex(4)
	w := sdkworker.New(obs.tc, queue, sdkworker.Options{})
	w.RegisterWorkflowWithOptions(oneActivityWorkflow, workflow.RegisterOptions{Name: bareActivityWorkflow})
	w.RegisterWorkflowWithOptions(awaitSignalWorkflow, workflow.RegisterOptions{Name: bareSignalWorkflow})
	w.RegisterActivity(noop)
	if err := w.Start(); err != nil {
		return err
	}
	defer w.Stop()
	closed := func(typ string) func(context.Context) (bool, string, error) {
		q := fmt.Sprintf("TaskQueue = '%s' AND WorkflowType = '%s' AND ExecutionStatus = 'Completed'", queue, typ)
		return func(ctx context.Context) (bool, string, error) {
			c, err := obs.count(ctx, q)
			return c >= n, fmt.Sprintf("%d of %d completed", c, n), err
		}
	}

	log.Info("(a) bare Temporal: one-activity workflows", "n", n)
	t0 := time.Now()
	if err := startAll(ctx, obs.tc, queue, bareActivityWorkflow, n); err != nil {
		return err
	}
	out["a.starts"] = perSecond(n, time.Since(t0))
	done, err := waitFor(ctx, log, "bare workflows completed", deadline, closed(bareActivityWorkflow))
	if err != nil {
		return err
	}
	out["a.done"] = perSecond(n, done.Sub(t0))

	log.Info("(a) bare Temporal: signals", "n", n)
	if err := startAll(ctx, obs.tc, queue, bareSignalWorkflow, n); err != nil {
		return err
	}
	// The signals go to workflows that wait: their first task done, none in the backlog.
	running := fmt.Sprintf("TaskQueue = '%s' AND WorkflowType = '%s' AND ExecutionStatus = 'Running'", queue, bareSignalWorkflow)
	if _, err := waitFor(ctx, log, "bare workflows waiting", deadline, func(ctx context.Context) (bool, string, error) {
		c, err := obs.count(ctx, running)
		if err != nil || c < n {
			return false, fmt.Sprintf("%d of %d running", c, n), err
		}
		b, err := obs.backlog(ctx, queue)
		return b == 0, fmt.Sprintf("%d workflow tasks in the backlog", b), err
	}); err != nil {
		return err
	}
	t0 = time.Now()
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(parallel)
	for i := range n {
		g.Go(func() error {
			return obs.tc.SignalWorkflow(gctx, bareID(queue, bareSignalWorkflow, i), "", bareSignal, nil)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	out["a.sent"] = perSecond(n, time.Since(t0))
	done, err = waitFor(ctx, log, "bare signals handled", deadline, closed(bareSignalWorkflow))
	if err != nil {
		return err
	}
	out["a.handled"] = perSecond(n, done.Sub(t0))
	return nil
}

// startAll starts n workflows of a type, parallel at a time.
func startAll(ctx context.Context, tc client.Client, queue, typ string, n int) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(parallel)
	for i := range n {
		g.Go(func() error {
			_, err := tc.ExecuteWorkflow(gctx, client.StartWorkflowOptions{ID: bareID(queue, typ, i), TaskQueue: queue}, typ)
			return err
		})
	}
	return g.Wait()
}

func bareID(queue, typ string, i int) string { return fmt.Sprintf("%s/%s/%d", queue, typ, i) }
