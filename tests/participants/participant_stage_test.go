package participants

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestParticipantsFollowTheCampaignStage: in Planning everyone stays
// Targeted; a completed campaign refuses status changes until it is
// restarted; a cancelled one refuses every participant change.
func TestParticipantsFollowTheCampaignStage(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Stages")["id"].(string)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants",
		map[string]any{"contact_ids": h.Contacts(2)}, nil).StatusCode)
	ps := h.Participants(id)

	var prob harness.Problem
	resp := h.Patch(id, ps[0].ID, map[string]any{"status": "Contacted"}, &prob)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, prob.Detail, "planning")
	// The owner can change in Planning (no workflow yet: PostgreSQL owns it).
	var got domain.Participant
	resp = h.Patch(id, ps[0].ID, map[string]any{"owner_id": h.Admin.ID}, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, h.Admin.ID, got.OwnerID)
	assert.Equal(t, "Targeted", got.Status)
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/participants/status",
		map[string]any{"participant_ids": []string{ps[0].ID}, "status": "Responded"}, &prob)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)

	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
	h.WaitStatuses(id, map[string]int{"Contacted": 2})
	// The owner given in Planning owns the actions of Contacted.
	assert.Equal(t, 1, h.Count("SELECT count(*) FROM activities WHERE participant_id = $1 AND owner_id = $2", ps[0].ID, h.Admin.ID))

	// Completed: status changes wait for a restart; the participant workflows ended.
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/complete", nil, nil).StatusCode)
	resp = h.Patch(id, ps[0].ID, map[string]any{"status": "Responded"}, &prob)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, prob.Detail, "completed")
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		st, err := h.ParticipantState(id, ps[1].ID)
		if err != nil {
			return true, ""
		}
		return st.Ended != "", st.Ended
	})

	// Restart: the participants carry on from where they were.
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
	resp = h.Patch(id, ps[0].ID, map[string]any{"status": "Responded"}, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", got)
	assert.Equal(t, "Responded", got.Status)
	assert.Equal(t, 2, got.Transitions)
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		st, err := h.ParticipantState(id, ps[0].ID)
		if err != nil {
			return false, err.Error()
		}
		return st.Status == "Responded" && st.Ended == "", st.Status + " " + st.Ended
	})
	// The restart's bulk pass started the other participant's workflow again too.
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		st, err := h.ParticipantState(id, ps[1].ID)
		if err != nil {
			return false, err.Error()
		}
		return st.Ended == "", "ended: " + st.Ended
	})

	// Cancelled is final: no status, owner or removal changes.
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/cancel", nil, nil).StatusCode)
	for _, body := range []map[string]any{{"status": "Interested"}, {"owner_id": h.Manager.ID}} {
		resp = h.Patch(id, ps[0].ID, body, &prob)
		assert.Equal(t, http.StatusConflict, resp.StatusCode, "%v", body)
		assert.Contains(t, prob.Detail, "cancelled", "%v", body)
	}
	assert.Equal(t, http.StatusConflict, h.Call("DELETE", "/api/v1/campaigns/"+id+"/participants/"+ps[1].ID, nil, nil).StatusCode)
	assert.Equal(t, http.StatusConflict, h.Call("DELETE", "/api/v1/campaigns/"+id+"/participants", nil, nil).StatusCode)
	assert.Equal(t, map[string]int{"Responded": 1, "Contacted": 1}, harness.CountBy(h.Participants(id)))
	// Its participants' workflows were told, and refuse updates themselves.
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		st, err := h.ParticipantState(id, ps[0].ID)
		if err != nil {
			return true, ""
		}
		return st.Ended != "", fmt.Sprintf("%+v", st)
	})
	// Temporal's visibility shows the campaign and its participants as cancelled.
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		res, err := h.Worker.Client.ListWorkflow(t.Context(), &workflowservice.ListWorkflowExecutionsRequest{
			Query: fmt.Sprintf("CampaignId = '%s' AND CampaignStage = 'cancelled'", id)})
		if err != nil {
			return false, err.Error()
		}
		ids := map[string]bool{}
		for _, e := range res.Executions {
			ids[e.Execution.WorkflowId] = true
		}
		return len(ids) == 3 && ids[domain.CampaignWorkflowID(id)] && ids[domain.ParticipantWorkflowID(id, ps[1].ID)], fmt.Sprint(ids)
	})
}

// TestOwnerlessParticipant: a participant without an owner is not initiated
// and cannot change status; once it gets an owner the running campaign
// initiates it.
func TestOwnerlessParticipant(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Owners")["id"].(string)
	contacts := h.Contacts(2)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants",
		map[string]any{"contact_ids": contacts[:1]}, nil).StatusCode)
	_, err := h.Store.AddParticipants(t.Context(), id, contacts[1:], "")
	require.NoError(t, err)

	var started map[string]any
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, &started).StatusCode)
	assert.EqualValues(t, 1, started["not_initiated"], "%v", started)
	h.WaitStatuses(id, map[string]int{"Contacted": 1, "Targeted": 1})
	var ownerless domain.Participant
	for _, p := range h.Participants(id) {
		if p.OwnerID == "" {
			ownerless = p
		}
	}
	require.NotEmpty(t, ownerless.ID)
	var targeted harness.ParticipantsPage
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/campaigns/"+id+"/participants?status=targeted", nil, &targeted).StatusCode)
	require.Len(t, targeted.Items, 1)
	assert.Equal(t, ownerless.ID, targeted.Items[0].ID)
	var prob harness.Problem
	resp := h.Patch(id, ownerless.ID, map[string]any{"status": "Responded"}, &prob)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, prob.Detail, "needs an owner")

	resp = h.Patch(id, ownerless.ID, map[string]any{"owner_id": h.Manager.ID}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	h.WaitStatuses(id, map[string]int{"Contacted": 2})
}

// TestRemoveParticipants removes one participant, then all; their workflows end.
func TestRemoveParticipants(t *testing.T) {
	h := harness.New(t)
	id, ps := h.StartedCampaign("Removal", 3)
	assert.Equal(t, http.StatusNoContent, h.Call("DELETE", "/api/v1/campaigns/"+id+"/participants/"+ps[0].ID, nil, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Call("DELETE", "/api/v1/campaigns/"+id+"/participants/"+ps[0].ID, nil, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Call("DELETE", "/api/v1/campaigns/"+id+"/participants/"+uuid.NewString(), nil, nil).StatusCode)
	assert.Len(t, h.Participants(id), 2)
	ended := func(pid string) {
		t.Helper()
		workertest.Eventually(t, 20*time.Second, func() (bool, string) {
			d, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), domain.ParticipantWorkflowID(id, pid), "")
			if err != nil {
				return false, err.Error()
			}
			return d.WorkflowExecutionInfo.Status.String() == "Completed", d.WorkflowExecutionInfo.Status.String()
		})
	}
	ended(ps[0].ID)

	var out struct {
		Removed        int    `json:"removed"`
		BatchProcessID string `json:"batch_process_id"`
	}
	resp := h.Call("DELETE", "/api/v1/campaigns/"+id+"/participants", nil, &out)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 2, out.Removed)
	assert.Empty(t, h.Participants(id))
	b := h.WaitBatch(out.BatchProcessID)
	assert.Equal(t, domain.BatchEndRemovedParticipants, b.Type)
	assert.Equal(t, 2, b.Succeeded)
	ended(ps[1].ID)
	ended(ps[2].ID)
	resp = h.Call("DELETE", "/api/v1/campaigns/"+uuid.NewString()+"/participants", nil, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}
