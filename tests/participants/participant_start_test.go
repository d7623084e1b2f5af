package participants

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// TestStartingAgainChangesNoRunningOrClosedWorkflow: the bulk start's
// start of a participant workflow, repeated (a retried page), adds nothing
// to the history of a workflow that runs, and leaves a workflow that ended
// in a final status closed, with no new run (a restart of the campaign,
// which does start it again, is TestParticipantsFollowTheCampaignStage's).
func TestStartingAgainChangesNoRunningOrClosedWorkflow(t *testing.T) {
	h := harness.New(t)
	ctx := t.Context()
	id := h.CreateCampaign("Start again")["id"].(string)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants",
		map[string]any{"contact_ids": h.Contacts(2)}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
	h.WaitStatuses(id, map[string]int{"Contacted": 2})
	ps := h.Participants(id)
	running, final := ps[0], ps[1]
	// One participant ends in a final status: its workflow closes.
	require.Equal(t, http.StatusOK, h.Patch(id, final.ID, map[string]any{"status": "Don't contact me"}, nil).StatusCode)
	finalID := domain.ParticipantWorkflowID(id, final.ID)
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		d, err := h.Worker.Client.DescribeWorkflowExecution(ctx, finalID, "")
		if err != nil {
			return false, err.Error()
		}
		st := d.WorkflowExecutionInfo.Status
		return st == enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED, st.String()
	})
	runningID := domain.ParticipantWorkflowID(id, running.ID)
	events := func(wid string) int {
		d, err := h.Worker.Client.DescribeWorkflowExecution(ctx, wid, "")
		require.NoError(t, err)
		return int(d.WorkflowExecutionInfo.HistoryLength)
	}
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		st, err := h.ParticipantState(id, running.ID)
		return err == nil && st.Status == "Contacted", "not running at Contacted yet"
	})
	before := events(runningID)

	c, err := h.Store.GetCampaign(ctx, id)
	require.NoError(t, err)
	ps = h.Participants(id)
	starts := workflows.NewClients(h.Worker.Client, h.Worker.TaskQueue).Participants
	require.NoError(t, starts.Start(ctx, c, ps, false), "a repeated start is no error")
	require.NoError(t, starts.Start(ctx, c, ps, false))
	assert.Equal(t, before, events(runningID), "a running workflow's history is unchanged")
	n, _ := h.RunsOf(finalID)
	assert.Equal(t, 1, n, "a participant in a final status is not started again")
	st, err := h.ParticipantState(id, running.ID)
	require.NoError(t, err)
	assert.Equal(t, "Contacted", st.Status)
}
