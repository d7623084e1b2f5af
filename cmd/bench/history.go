package main

import (
	"context"
	"fmt"
	"io"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/workflows"
)

// rounds counts what one step of a participant costs the server: history
// events and workflow tasks (each task is a round trip between the worker
// and the server).
type rounds struct {
	Step          string
	Events, Tasks int
}

// history reads a workflow's whole history.
func history(ctx context.Context, tc client.Client, id string) ([]*historypb.HistoryEvent, error) {
	it := tc.GetWorkflowHistory(ctx, id, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	var out []*historypb.HistoryEvent
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, nil
}

// tally counts the events and the completed workflow tasks among events.
func tally(step string, events []*historypb.HistoryEvent) rounds {
	r := rounds{Step: step, Events: len(events)}
	for _, ev := range events {
		if ev.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED {
			r.Tasks++
		}
	}
	return r
}

// bySignal splits a participant's history at each status-applied signal
// (a batch status update reaching it): the first part is its start, in
// Contacted; each later one a status change.
func bySignal(events []*historypb.HistoryEvent) [][]*historypb.HistoryEvent {
	var parts [][]*historypb.HistoryEvent
	from := 0
	for i, ev := range events {
		if ev.GetWorkflowExecutionSignaledEventAttributes().GetSignalName() == workflows.SignalParticipantStatusApplied {
			parts = append(parts, events[from:i])
			from = i
		}
	}
	return append(parts, events[from:])
}

// printRounds writes the rounds as a small table.
func printRounds(w io.Writer, rs []rounds) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintln(w, "\n| one participant (run 1) | history events | workflow tasks |")
	fmt.Fprintln(w, "|---|---:|---:|")
	for _, r := range rs {
		fmt.Fprintf(w, "| %s | %d | %d |\n", r.Step, r.Events, r.Tasks)
	}
}
