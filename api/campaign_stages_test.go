package api_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// refused checks that a stage move answers 409 problem+json with the reason
// and leaves the stage as it was.
func (h *harness) refused(t *testing.T, id, action, reason string) {
	t.Helper()
	before := h.getCampaign(id)["stage"]
	code, p := h.move(id, action)
	require.Equal(t, http.StatusConflict, code, "%s: %+v", action, p)
	assert.Equal(t, problemTransition, p.Type)
	assert.Equal(t, http.StatusConflict, p.Status)
	assert.Contains(t, p.Detail, reason)
	assert.Equal(t, before, h.getCampaign(id)["stage"], "a refused %s changes nothing", action)
}

// problemTransition is the problem type of a refused transition.
const problemTransition = "urn:drumbeat:problem:transition-refused"

func TestCampaignStages(t *testing.T) {
	h := newHarness(t)
	contacts := h.contacts(3)

	t.Run("planning can only start", func(t *testing.T) {
		id := h.createCampaign("Planning")["id"].(string)
		h.refused(t, id, "complete", "only a campaign in progress can be completed")
		h.refused(t, id, "cancel", "only a campaign in progress can be cancelled")
		assert.Equal(t, "planning", h.getCampaign(id)["stage"])
	})

	t.Run("cancelled is final", func(t *testing.T) {
		id := h.createCampaign("Cancelled")["id"].(string)
		resp := h.call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": contacts}, nil)
		require.Equal(t, http.StatusCreated, resp.StatusCode)
		code, p := h.move(id, "start")
		require.Equal(t, http.StatusOK, code, "%+v", p)
		code, p = h.move(id, "cancel")
		require.Equal(t, http.StatusOK, code, "%+v", p)
		assert.Equal(t, "cancelled", h.getCampaign(id)["stage"])
		h.refused(t, id, "start", "a cancelled campaign is final and cannot be restarted")
		h.refused(t, id, "complete", "a cancelled campaign is final and cannot be completed")
		h.refused(t, id, "cancel", "cancelled")
	})

	t.Run("completed restarts but never cancels", func(t *testing.T) {
		id := h.createCampaign("Completed")["id"].(string)
		code, p := h.move(id, "start")
		require.Equal(t, http.StatusOK, code, "%+v", p)
		code, p = h.move(id, "complete")
		require.Equal(t, http.StatusOK, code, "%+v", p)
		h.refused(t, id, "cancel", "a completed campaign can be restarted but not cancelled")
		h.refused(t, id, "complete", "already completed")
		code, p = h.move(id, "start")
		require.Equal(t, http.StatusOK, code, "restart: %+v", p)
		assert.Equal(t, "in_progress", h.getCampaign(id)["stage"])
		code, p = h.move(id, "cancel")
		require.Equal(t, http.StatusOK, code, "a restarted campaign can be cancelled: %+v", p)
	})

	t.Run("in progress never returns to planning", func(t *testing.T) {
		id := h.createCampaign("Running")["id"].(string)
		code, p := h.move(id, "start")
		require.Equal(t, http.StatusOK, code, "%+v", p)
		h.refused(t, id, "start", "already in progress")
		var pb problemBody
		resp := h.call("PATCH", "/api/v1/campaigns/"+id, map[string]any{"stage": "planning"}, &pb)
		expectProblem(t, resp, pb, http.StatusUnprocessableEntity, "stage")
		assert.Contains(t, pb.Errors[0].Message, "never set directly")
		assert.Equal(t, "in_progress", h.getCampaign(id)["stage"])
		assert.EqualError(t, domain.StageInProgress.CanMove(domain.StagePlanning),
			`campaign cannot move from "in_progress" to "planning": a campaign in progress never returns to planning`)

		// The campaign workflow refuses on its own too, whatever the API checked:
		// its update validator rejects a second start and writes nothing.
		handle, err := h.wk.Client.UpdateWorkflow(t.Context(), client.UpdateWorkflowOptions{
			WorkflowID: domain.CampaignWorkflowID(id), UpdateName: workflows.UpdateCampaignStart,
			Args: []any{workflows.StageUpdateInput{ActorID: h.admin.ID}}, WaitForStage: client.WorkflowUpdateStageCompleted})
		if err == nil {
			err = handle.Get(t.Context(), nil)
		}
		var ae *temporal.ApplicationError
		require.True(t, errors.As(err, &ae), "%v", err)
		assert.Equal(t, domain.ErrTypeTransition, ae.Type())
		assert.Contains(t, ae.Message(), "already in progress")
		assert.Equal(t, "in_progress", h.getCampaign(id)["stage"])
	})

	t.Run("unknown campaign", func(t *testing.T) {
		for _, action := range []string{"start", "complete", "cancel"} {
			code, p := h.move("00000000-0000-4000-8000-000000000001", action)
			assert.Equal(t, http.StatusNotFound, code, "%+v", p)
		}
	})
}
