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
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// TestSeedExample runs the seed's workflow example on the real stack:
// Contacted, then Responded, then Interested creates an opportunity; Don't
// contact me is final and refuses any change; a refused change writes nothing.
func TestSeedExample(t *testing.T) {
	h := harness.New(t)
	id, ps := h.StartedCampaign("Seed example", 3)
	p0, p1, p2 := ps[0], ps[1], ps[2]

	var got domain.Participant
	resp := h.Patch(id, p0.ID, map[string]any{"status": "Responded"}, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Responded", got.Status)
	assert.Equal(t, 2, got.Transitions)
	assert.Zero(t, h.Count("SELECT count(*) FROM opportunities WHERE campaign_id = $1", id))

	resp = h.Patch(id, p0.ID, map[string]any{"status": "interested"}, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Interested", got.Status)
	assert.Equal(t, 1, h.Count("SELECT count(*) FROM opportunities WHERE campaign_id = $1 AND contact_id = $2", id, p0.ContactID))
	var desc string
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), "SELECT description FROM opportunities WHERE campaign_id = $1", id).Scan(&desc))
	assert.Equal(t, "Seed example: "+p0.FirstName+" Last", desc)

	// Interested may only go to Don't contact me: Contacted is refused, and nothing is written.
	var prob harness.Problem
	resp = h.Patch(id, p0.ID, map[string]any{"status": "Contacted"}, &prob)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	assert.Contains(t, prob.Detail, "allowed next statuses are Don't contact me")
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/campaigns/"+id+"/participants", nil, nil).StatusCode)
	assert.Equal(t, 3, h.Count("SELECT transitions FROM participants WHERE id = $1", p0.ID))
	assert.Equal(t, 3, h.Count("SELECT count(*) FROM participant_status_log WHERE participant_id = $1", p0.ID))

	// Don't contact me is final: no status change, no owner change.
	resp = h.Patch(id, p1.ID, map[string]any{"status": "Don't contact me"}, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	for _, body := range []map[string]any{{"status": "Responded"}, {"status": "Contacted"}, {"owner_id": h.Admin.ID}} {
		resp = h.Patch(id, p1.ID, body, &prob)
		assert.Equal(t, http.StatusConflict, resp.StatusCode, "%v", body)
		assert.Contains(t, prob.Detail, "final status", "%v", body)
	}
	// Its workflow finished.
	workertest.Eventually(t, 10*time.Second, func() (bool, string) {
		d, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), domain.ParticipantWorkflowID(id, p1.ID), "")
		if err != nil {
			return false, err.Error()
		}
		return d.WorkflowExecutionInfo.Status.String() == "Completed", d.WorkflowExecutionInfo.Status.String()
	})

	// The workflow's own validator refuses a move the rules forbid, before anything is written.
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		_, err := h.ParticipantState(id, p2.ID)
		return err == nil, fmt.Sprint(err)
	})
	handle, err := h.Worker.Client.UpdateWorkflow(t.Context(), client.UpdateWorkflowOptions{
		WorkflowID: domain.ParticipantWorkflowID(id, p2.ID), UpdateName: workflows.UpdateParticipantStatus,
		Args: []any{workflows.StatusUpdateInput{Status: "Interested"}}, WaitForStage: client.WorkflowUpdateStageCompleted})
	if err == nil {
		err = handle.Get(t.Context(), nil)
	}
	var ae *temporal.ApplicationError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, domain.ErrTypeTransition, ae.Type())
	assert.Equal(t, 1, h.Count("SELECT transitions FROM participants WHERE id = $1", p2.ID))
	assert.Zero(t, h.Count("SELECT count(*) FROM opportunities WHERE contact_id = $1", p2.ContactID))

	// Owner change through the workflow's update.
	resp = h.Patch(id, p2.ID, map[string]any{"owner_id": h.Admin.ID}, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, h.Admin.ID, got.OwnerID)
	st, err := h.ParticipantState(id, p2.ID)
	require.NoError(t, err)
	assert.Equal(t, h.Admin.ID, st.OwnerID)
	assert.Equal(t, domain.StatusContacted, st.Status)

	// Bad input is 422, unknown records 404, and nothing changes.
	for _, body := range []any{map[string]any{}, map[string]any{"status": "Responded", "owner_id": h.Admin.ID},
		map[string]any{"owner_id": "nobody"}, map[string]any{"owner_id": uuid.NewString()}, map[string]any{"status": "Delighted"},
		map[string]any{"status": ""}, map[string]any{"colour": "red"}} {
		resp = h.Patch(id, p2.ID, body, &prob)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%v", body)
	}
	assert.Equal(t, http.StatusNotFound, h.Patch(id, uuid.NewString(), map[string]any{"status": "Responded"}, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Patch(uuid.NewString(), p2.ID, map[string]any{"status": "Responded"}, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Patch(id, "x", map[string]any{"status": "Responded"}, nil).StatusCode)
	assert.Equal(t, map[string]int{"Interested": 1, "Don't contact me": 1, "Contacted": 1}, harness.CountBy(h.Participants(id)))

	// An operator finds the campaign's participants by status in Temporal's visibility.
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		res, err := h.Worker.Client.ListWorkflow(t.Context(), &workflowservice.ListWorkflowExecutionsRequest{
			Query: fmt.Sprintf("CampaignId = '%s' AND ParticipantStatus = 'Interested'", id)})
		if err != nil {
			return false, err.Error()
		}
		if len(res.Executions) != 1 {
			return false, fmt.Sprintf("%d executions", len(res.Executions))
		}
		return res.Executions[0].Execution.WorkflowId == domain.ParticipantWorkflowID(id, p0.ID), res.Executions[0].Execution.WorkflowId
	})
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		res, err := h.Worker.Client.ListWorkflow(t.Context(), &workflowservice.ListWorkflowExecutionsRequest{
			Query: fmt.Sprintf("CampaignId = '%s' AND CampaignStage = 'in_progress' AND ParticipantStatus = 'Contacted'", id)})
		if err != nil {
			return false, err.Error()
		}
		return len(res.Executions) == 1, fmt.Sprintf("%d executions", len(res.Executions))
	})

	// The contact's activities show the Contacted email.
	var acts domain.Page[domain.Activity]
	resp = h.Call("GET", "/api/v1/contacts/"+p0.ContactID+"/activities", nil, &acts)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Len(t, acts.Items, 1)
	assert.Equal(t, "email", acts.Items[0].Kind)
	assert.Equal(t, "Seed example", acts.Items[0].Subject)
	assert.Equal(t, http.StatusNotFound, h.Call("GET", "/api/v1/contacts/"+uuid.NewString()+"/activities", nil, nil).StatusCode)
}
