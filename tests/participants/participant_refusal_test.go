package participants

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestRefusedParticipantChangesLeaveNoRun: a participant in a final status
// (its workflow closed) refuses status and owner changes with 409, and
// Temporal holds exactly the runs it held before: no refused change starts a
// new run. A move the running workflow's validator refuses starts none either.
func TestRefusedParticipantChangesLeaveNoRun(t *testing.T) {
	h := harness.New(t)
	id, ps := h.StartedCampaign("Refusals", 2)
	final, running := ps[0], ps[1]
	require.Equal(t, http.StatusOK, h.Patch(id, final.ID, map[string]any{"status": "Don't contact me"}, nil).StatusCode)
	wid := domain.ParticipantWorkflowID(id, final.ID)
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		d, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), wid, "")
		if err != nil {
			return false, err.Error()
		}
		return d.WorkflowExecutionInfo.CloseTime != nil, d.WorkflowExecutionInfo.Status.String()
	})
	runs, runID := h.RunsOf(wid)
	for _, body := range []map[string]any{{"status": "Responded"}, {"status": "Don't contact me"}, {"owner_id": h.Admin.ID}} {
		var prob harness.Problem
		resp := h.Patch(id, final.ID, body, &prob)
		assert.Equal(t, http.StatusConflict, resp.StatusCode, "%v", body)
		assert.Contains(t, prob.Detail, "final status", "%v", body)
	}
	runsAfter, runIDAfter := h.RunsOf(wid)
	assert.Equal(t, runID, runIDAfter, "the closed run is still the latest: no new run was started")
	assert.Equal(t, runs, runsAfter, "runs of %s", wid)
	d, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), wid, "")
	require.NoError(t, err)
	assert.Equal(t, "Completed", d.WorkflowExecutionInfo.Status.String())
	assert.Equal(t, 2, h.Count("SELECT transitions FROM participants WHERE id = $1", final.ID), "nothing was written")

	// A move the running participant's definition forbids: refused by its validator, same run.
	rid := domain.ParticipantWorkflowID(id, running.ID)
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		_, err := h.ParticipantState(id, running.ID)
		return err == nil, fmt.Sprint(err)
	})
	runs, runID = h.RunsOf(rid)
	var prob harness.Problem
	assert.Equal(t, http.StatusConflict, h.Patch(id, running.ID, map[string]any{"status": "Interested"}, &prob).StatusCode)
	assert.Contains(t, prob.Detail, "allowed next statuses")
	runsAfter, runIDAfter = h.RunsOf(rid)
	assert.Equal(t, runID, runIDAfter)
	assert.Equal(t, runs, runsAfter)
}
