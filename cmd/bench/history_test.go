package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/drumbeat-crm/drumbeat/workflows"
)

func TestRoundsSplitAtEachStatusSignal(t *testing.T) {
	ev := func(typ enumspb.EventType) *historypb.HistoryEvent { return &historypb.HistoryEvent{EventType: typ} }
	signal := func(name string) *historypb.HistoryEvent {
		return &historypb.HistoryEvent{EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
			Attributes: &historypb.HistoryEvent_WorkflowExecutionSignaledEventAttributes{
				WorkflowExecutionSignaledEventAttributes: &historypb.WorkflowExecutionSignaledEventAttributes{SignalName: name}}}
	}
	task := []*historypb.HistoryEvent{ev(enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED), ev(enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED),
		ev(enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)}
	events := []*historypb.HistoryEvent{ev(enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED), signal(workflows.SignalParticipantInitiated)}
	events = append(events, task...)
	events = append(events, ev(enumspb.EVENT_TYPE_MARKER_RECORDED), signal(workflows.SignalParticipantStatusApplied))
	events = append(events, task...)
	events = append(events, ev(enumspb.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES))

	parts := bySignal(events)
	assert.Len(t, parts, 2)
	assert.Equal(t, rounds{Step: "start", Events: 6, Tasks: 1}, tally("start", parts[0]))
	assert.Equal(t, rounds{Step: "change", Events: 5, Tasks: 1}, tally("change", parts[1]))
	assert.Len(t, bySignal(events[:3]), 1, "no status signal: one part")
}
