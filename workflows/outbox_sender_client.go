package workflows

import (
	"context"
	"strings"

	"go.temporal.io/sdk/client"
)

// outboxQueueSuffix names the outbox sender's own task queue beside a
// worker's queue.
const outboxQueueSuffix = "-outbox"

// OutboxSenderWorkflowID is the id of a task queue's durable outbox sender.
func OutboxSenderWorkflowID(taskQueue string) string { return "outbox-sender/" + taskQueue }

// OutboxTaskQueue is the task queue the outbox sender of taskQueue runs on:
// a queue of its own, polled by every worker beside taskQueue, so that the
// sender's wake and its drains never wait in line behind the participant
// workflows' tasks (10,000 signals of a batch once kept a due drain waiting
// two minutes on the shared queue; see docs/performance.md).
func OutboxTaskQueue(taskQueue string) string {
	if strings.HasSuffix(taskQueue, outboxQueueSuffix) {
		return taskQueue
	}
	return taskQueue + outboxQueueSuffix
}

// OutboxSenderClient wakes the durable outbox sender of its task queue.
type OutboxSenderClient struct{ clientBase }

// WakeOutboxSender signals the sender to look at the outbox now, starting
// it when it does not run (first use, or after an operator ended it). It
// implements activities.OutboxWaker.
func (k OutboxSenderClient) WakeOutboxSender(ctx context.Context) error {
	_, err := k.temporal.SignalWithStartWorkflow(ctx, OutboxSenderWorkflowID(k.taskQueue), SignalOutboxSenderWake, nil,
		client.StartWorkflowOptions{ID: OutboxSenderWorkflowID(k.taskQueue), TaskQueue: OutboxTaskQueue(k.taskQueue)},
		OutboxSenderWorkflowName, OutboxSenderInput{})
	return err
}
