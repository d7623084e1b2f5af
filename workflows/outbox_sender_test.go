package workflows_test

import (
	"context"
	"errors"
	"go.temporal.io/sdk/client"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

func senderEnv(t *testing.T) *testsuite.TestWorkflowEnvironment {
	env := workflowEnv(workflows.OutboxSenderWorkflow, workflows.OutboxSenderWorkflowName)
	return env
}

// TestOutboxSenderSleepsUntilTheNextDueRow: the sender drains, then sleeps
// on durable timers until the earliest waiting row falls due (9 hours of
// workflow time, skipped; it looks every ten minutes meanwhile), drains on
// the due time, and a wake signal makes it look at once.
func TestOutboxSenderSleepsUntilTheNextDueRow(t *testing.T) {
	env := senderEnv(t)
	start := env.Now()
	var drains []time.Duration
	dueAt := start.Add(9 * time.Hour)
	sentDue, backlog := false, false
	env.OnActivity("SendDueEmails", mock.Anything).Return(func(context.Context) (activities.SendDueEmailsResult, error) {
		now := env.Now()
		drains = append(drains, now.Sub(start))
		switch {
		case now.Before(dueAt): // nothing due yet: the row waits for its window
			return activities.SendDueEmailsResult{NextDue: &dueAt}, nil
		case !sentDue: // its time came; another row waits, due in 5 minutes
			sentDue = true
			next := now.Add(5 * time.Minute)
			return activities.SendDueEmailsResult{Sent: 1, NextDue: &next}, nil
		case !backlog: // woken for a long backlog: the run stopped at its budget
			backlog = true
			return activities.SendDueEmailsResult{Sent: 500, More: true}, nil
		}
		return activities.SendDueEmailsResult{}, nil
	})
	// A writer of a row due earlier than the sender's plan wakes it.
	env.RegisterDelayedCallback(func() { env.SignalWorkflow(workflows.SignalOutboxSenderWake, nil) }, 9*time.Hour+time.Minute)
	env.ExecuteWorkflow(workflows.OutboxSenderWorkflowName, workflows.OutboxSenderInput{Rounds: 60})
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(env.GetWorkflowError(), &can), "%v", env.GetWorkflowError())
	i := 0
	for i < len(drains) && drains[i] < 9*time.Hour {
		if i > 0 {
			assert.Equal(t, 10*time.Minute, (drains[i] - drains[i-1]).Round(time.Second))
		}
		i++
	}
	require.Less(t, i+3, len(drains))
	assert.Equal(t, 9*time.Hour, drains[i].Round(time.Second), "on the due time")
	assert.Equal(t, 9*time.Hour+time.Minute, drains[i+1].Round(time.Second), "woken by the signal before the 5 minutes passed")
	assert.Equal(t, drains[i+1], drains[i+2], "a backlog is drained again at once")
	assert.Equal(t, 10*time.Minute, (drains[i+3] - drains[i+2]).Round(time.Second))
}

// TestOutboxSenderLooksOnItsOwnWhenNothingWaits: with nothing waiting it
// still looks every ten minutes, so a lost wake delays a message that long
// at most; it continues as new after its rounds.
func TestOutboxSenderLooksOnItsOwnWhenNothingWaits(t *testing.T) {
	env := senderEnv(t)
	start := env.Now()
	var drains []time.Duration
	env.OnActivity("SendDueEmails", mock.Anything).Return(func(context.Context) (activities.SendDueEmailsResult, error) {
		drains = append(drains, env.Now().Sub(start))
		return activities.SendDueEmailsResult{}, nil
	})
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{TaskQueue: "drumbeat"}) // started on the shared queue
	env.ExecuteWorkflow(workflows.OutboxSenderWorkflowName, workflows.OutboxSenderInput{Rounds: 3})
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(env.GetWorkflowError(), &can))
	require.Len(t, drains, 3)
	assert.Equal(t, 10*time.Minute, (drains[1] - drains[0]).Round(time.Second))
	var carried workflows.OutboxSenderInput
	require.NoError(t, converterFor().FromPayloads(can.Input, &carried))
	assert.Equal(t, 3, carried.Rounds)
	assert.Equal(t, "drumbeat-outbox", can.TaskQueueName, "the next run goes on the sender's own queue")
}

// TestOutboxTaskQueue: the sender's queue sits beside the worker's, and a
// sender already on it stays there.
func TestOutboxTaskQueue(t *testing.T) {
	assert.Equal(t, "drumbeat-outbox", workflows.OutboxTaskQueue("drumbeat"))
	assert.Equal(t, "drumbeat-outbox", workflows.OutboxTaskQueue("drumbeat-outbox"))
}
