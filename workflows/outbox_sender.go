package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
)

// senderIdle is the longest the outbox sender sleeps without looking at the
// outbox: a wake that was lost (Temporal out of reach when the row was
// written) delays a message by this much at most.
const senderIdle = 10 * time.Minute

// senderRounds is how many drains one run of the sender makes before it
// continues as new, which keeps its history short.
const senderRounds = 200

// OutboxSenderInput starts (or continues) the durable outbox sender.
type OutboxSenderInput struct {
	// Rounds is how many drains a run makes before it continues as new
	// (0: senderRounds).
	Rounds int
}

// OutboxSenderWorkflow is the durable outbox sender of a task queue, one
// long-lived run (outbox-sender/{queue}, continued as new, on the task queue
// OutboxTaskQueue(queue)): it sends the
// emails that wait for a later moment (delayed emails, and those a send
// window or the frequency cap deferred) when they fall due. Each round
// drains what is due through SendDueEmails, which returns when the next row
// falls due; the sender then sleeps on a timer until that moment, until a
// writer of an earlier row wakes it with a signal, or for senderIdle at
// most. Exactly-once stays with the outbox: every message is claimed and
// marked one by one, so a sender retried or woken twice sends nothing twice.
func OutboxSenderWorkflow(ctx workflow.Context, in OutboxSenderInput) error {
	wake := workflow.GetSignalChannel(ctx, SignalOutboxSenderWake)
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 5 * time.Minute,
		HeartbeatTimeout:    30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
	rounds := in.Rounds
	if rounds <= 0 {
		rounds = senderRounds
	}
	var a *activities.Activities
	for range rounds {
		for wake.ReceiveAsync(nil) { // the drain below looks at everything anyway
		}
		var res activities.SendDueEmailsResult
		if err := workflow.ExecuteActivity(actx, a.SendDueEmails).Get(ctx, &res); err != nil {
			workflow.GetLogger(ctx).Error("outbox sender: drain failed", "error", err)
			res = activities.SendDueEmailsResult{}
		}
		if res.More {
			continue
		}
		wait := senderIdle
		if res.NextDue != nil {
			wait = min(wait, res.NextDue.Sub(workflow.Now(ctx)))
		}
		if wait <= 0 {
			continue
		}
		tctx, cancel := workflow.WithCancel(ctx)
		sel := workflow.NewSelector(ctx)
		sel.AddFuture(workflow.NewTimer(tctx, wait), func(workflow.Future) {})
		sel.AddReceive(wake, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, nil) })
		sel.Select(ctx)
		cancel()
		if workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			break
		}
	}
	// A sender started on a worker's shared queue (before the sender had a
	// queue of its own) moves onto its own queue here; its activities follow
	// it, as they run on the workflow's queue.
	ctx = workflow.WithWorkflowTaskQueue(ctx, OutboxTaskQueue(workflow.GetInfo(ctx).TaskQueueName))
	return workflow.NewContinueAsNewError(ctx, OutboxSenderWorkflow, in)
}
