package histories

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// TestRecordOutboxSenderHistories runs the outbox sender for two rounds
// around a delayed email (it plans its wake, sleeps, drains the email when
// due, continues as new), and a participant whose delayed email waits in the
// outbox, then replays both histories against the current code. With
// DRUMBEAT_RECORD_HISTORIES=1 it writes them into workflows/testdata (see
// TestRecordHistories).
func TestRecordOutboxSenderHistories(t *testing.T) {
	write := os.Getenv("DRUMBEAT_RECORD_HISTORIES") == "1"
	h := harness.New(t)
	senderID := workflows.OutboxSenderWorkflowID(h.Worker.TaskQueue)
	run, err := h.Worker.Client.ExecuteWorkflow(t.Context(), client.StartWorkflowOptions{ID: senderID, TaskQueue: h.Worker.TaskQueue},
		workflows.OutboxSenderWorkflowName, workflows.OutboxSenderInput{Rounds: 2})
	require.NoError(t, err)

	id := h.CreateCampaign("Recorded delays")["id"].(string)
	def := domain.DefaultWorkflow()
	def.Statuses[1].Actions = append(def.Statuses[1].Actions, domain.Action{Kind: domain.ActionEmail, Subject: "Later", Body: "Hi", DelaySeconds: 2})
	h.SetWorkflow(id, def)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.Contacts(1)}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
	h.WaitStatuses(id, map[string]int{"Contacted": 1})
	p := h.Participants(id)[0]

	history := func(wid, runID string, want enumspb.WorkflowExecutionStatus) *historypb.History {
		workertest.Eventually(t, 30*time.Second, func() (bool, string) {
			d, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), wid, runID)
			if err != nil {
				return false, err.Error()
			}
			return d.WorkflowExecutionInfo.Status == want, d.WorkflowExecutionInfo.Status.String()
		})
		var hist historypb.History
		it := h.Worker.Client.GetWorkflowHistory(t.Context(), wid, runID, false, 0)
		for it.HasNext() {
			ev, err := it.Next()
			require.NoError(t, err)
			hist.Events = append(hist.Events, ev)
		}
		replayer := sdkworker.NewWorkflowReplayer()
		worker.RegisterWorkflows(replayer)
		require.NoError(t, replayer.ReplayWorkflowHistory(nil, &hist), "history of %s replays", wid)
		return &hist
	}
	sender := history(senderID, run.GetRunID(), enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW)
	code, _ := h.Move(id, "complete")
	require.Equal(t, http.StatusOK, code)
	participant := history(domain.ParticipantWorkflowID(id, p.ID), "", enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED)
	if !write {
		return
	}
	for file, hist := range map[string]*historypb.History{"outbox_sender.json": sender, "participant_delayed_outbox.json": participant} {
		raw, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(hist)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join("..", "..", "workflows", "testdata", file), raw, 0o644))
	}
}
