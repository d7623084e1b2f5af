package workflows

import (
	"context"

	"go.temporal.io/sdk/client"
)

// OutboxSenderWorkflowID is the id of a task queue's durable outbox sender.
func OutboxSenderWorkflowID(taskQueue string) string { return "outbox-sender/" + taskQueue }

// OutboxSenderClient wakes the durable outbox sender of its task queue.
type OutboxSenderClient struct{ clientBase }

// WakeOutboxSender signals the sender to look at the outbox now, starting
// it when it does not run (first use, or after an operator ended it). It
// implements activities.OutboxWaker.
func (k OutboxSenderClient) WakeOutboxSender(ctx context.Context) error {
	_, err := k.temporal.SignalWithStartWorkflow(ctx, OutboxSenderWorkflowID(k.taskQueue), SignalOutboxSenderWake, nil,
		client.StartWorkflowOptions{ID: OutboxSenderWorkflowID(k.taskQueue), TaskQueue: k.taskQueue},
		OutboxSenderWorkflowName, OutboxSenderInput{})
	return err
}
