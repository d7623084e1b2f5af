package workflows

import (
	"context"
	"errors"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
)

// Clients are the typed clients of every workflow: the one place that knows
// their ids, start options, search attributes, updates, signals and queries.
// Callers (the operations layer, the worker's starters) pass domain values
// and get results; none of them builds a workflow id or an update by hand.
type Clients struct {
	Campaigns    CampaignClient
	Participants ParticipantClient
	Drips        DripClient
	Batches      BatchClient
	Audiences    AudienceClient
	Outbox       OutboxSenderClient
}

// NewClients returns the typed clients over one Temporal client and task queue.
func NewClients(c client.Client, taskQueue string) Clients {
	base := clientBase{temporal: c, taskQueue: taskQueue}
	return Clients{
		Campaigns:    CampaignClient{base},
		Participants: ParticipantClient{base},
		Drips:        DripClient{base},
		Batches:      BatchClient{base},
		Audiences:    AudienceClient{base},
		Outbox:       OutboxSenderClient{base},
	}
}

// clientBase is what every typed client needs.
type clientBase struct {
	temporal  client.Client
	taskQueue string
}

// update sends a validated update to a running workflow and waits until
// its handler has finished (so PostgreSQL holds the change), decoding the
// result into out.
func (b clientBase) update(ctx context.Context, workflowID, name string, arg, out any) error {
	handle, err := b.temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: workflowID, UpdateName: name, Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		return err
	}
	return handle.Get(ctx, out)
}

// signal signals a running workflow; a workflow that does not run (never
// started, or closed) is skipped.
func (b clientBase) signal(ctx context.Context, workflowID, name string, arg any) error {
	err := b.temporal.SignalWorkflow(ctx, workflowID, "", name, arg)
	if NotRunning(err) {
		return nil
	}
	return err
}

// query asks a running (or closed) workflow for its state.
func (b clientBase) query(ctx context.Context, workflowID string, out any) error {
	v, err := b.temporal.QueryWorkflow(ctx, workflowID, "", QueryState)
	if err != nil {
		return err
	}
	return v.Get(out)
}

// awaitClosed waits, up to wait, until the workflow's run has closed; false
// when it still runs then. However the run ended (completed, failed, or was
// never there), nothing of it can act any more.
func (b clientBase) awaitClosed(ctx context.Context, workflowID string, wait time.Duration) bool {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	_ = b.temporal.GetWorkflow(ctx, workflowID, "").Get(ctx, nil)
	return ctx.Err() == nil
}

// ErrNoWorkflow says that no run of a workflow is open to take an update:
// PostgreSQL alone holds the record, and the caller decides from it whether
// a run should start.
var ErrNoWorkflow = errors.New("no run of the workflow is open")

// NotRunning reports whether err says that the workflow does not exist or
// has closed, so an update or signal could not reach it.
func NotRunning(err error) bool {
	var nf *serviceerror.NotFound
	return errors.As(err, &nf)
}

// isAlreadyStarted reports whether err says that a workflow of that id ran
// already and its reuse policy forbids another run.
func isAlreadyStarted(err error) bool {
	var as *serviceerror.WorkflowExecutionAlreadyStarted
	return errors.As(err, &as)
}
