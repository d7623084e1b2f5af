package campaigns

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// refused checks that a stage move answers 409 problem+json with the reason
// and leaves the stage as it was.
func refused(h *harness.Harness, t *testing.T, id, action, reason string) {
	t.Helper()
	before := h.GetCampaign(id)["stage"]
	code, p := h.Move(id, action)
	require.Equal(t, http.StatusConflict, code, "%s: %+v", action, p)
	assert.Equal(t, problemTransition, p.Type)
	assert.Equal(t, http.StatusConflict, p.Status)
	assert.Contains(t, p.Detail, reason)
	assert.Equal(t, before, h.GetCampaign(id)["stage"], "a refused %s changes nothing", action)
}

// problemTransition is the problem type of a refused transition.
const problemTransition = "urn:drumbeat:problem:transition-refused"

func TestCampaignStages(t *testing.T) {
	h := harness.New(t)
	contacts := h.Contacts(3)

	t.Run("planning can only start", func(t *testing.T) {
		id := h.CreateCampaign("Planning")["id"].(string)
		refused(h, t, id, "complete", "only a campaign in progress can be completed")
		refused(h, t, id, "cancel", "only a campaign in progress can be cancelled")
		assert.Equal(t, "planning", h.GetCampaign(id)["stage"])
	})

	t.Run("cancelled is final", func(t *testing.T) {
		id := h.CreateCampaign("Cancelled")["id"].(string)
		resp := h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": contacts}, nil)
		require.Equal(t, http.StatusCreated, resp.StatusCode)
		code, p := h.Move(id, "start")
		require.Equal(t, http.StatusOK, code, "%+v", p)
		code, p = h.Move(id, "cancel")
		require.Equal(t, http.StatusOK, code, "%+v", p)
		assert.Equal(t, "cancelled", h.GetCampaign(id)["stage"])
		refused(h, t, id, "start", "a cancelled campaign is final and cannot be restarted")
		refused(h, t, id, "complete", "a cancelled campaign is final and cannot be completed")
		refused(h, t, id, "cancel", "cancelled")
	})

	t.Run("completed restarts but never cancels", func(t *testing.T) {
		id := h.CreateCampaign("Completed")["id"].(string)
		code, p := h.Move(id, "start")
		require.Equal(t, http.StatusOK, code, "%+v", p)
		code, p = h.Move(id, "complete")
		require.Equal(t, http.StatusOK, code, "%+v", p)
		refused(h, t, id, "cancel", "a completed campaign can be restarted but not cancelled")
		refused(h, t, id, "complete", "already completed")
		code, p = h.Move(id, "start")
		require.Equal(t, http.StatusOK, code, "restart: %+v", p)
		assert.Equal(t, "in_progress", h.GetCampaign(id)["stage"])
		code, p = h.Move(id, "cancel")
		require.Equal(t, http.StatusOK, code, "a restarted campaign can be cancelled: %+v", p)
	})

	t.Run("in progress never returns to planning", func(t *testing.T) {
		id := h.CreateCampaign("Running")["id"].(string)
		code, p := h.Move(id, "start")
		require.Equal(t, http.StatusOK, code, "%+v", p)
		refused(h, t, id, "start", "already in progress")
		var pb harness.Problem
		resp := h.Call("PATCH", "/api/v1/campaigns/"+id, map[string]any{"stage": "planning"}, &pb)
		harness.ExpectProblem(t, resp, pb, http.StatusUnprocessableEntity, "stage")
		assert.Contains(t, pb.Errors[0].Message, "never set directly")
		assert.Equal(t, "in_progress", h.GetCampaign(id)["stage"])
		assert.EqualError(t, domain.StageInProgress.CanMove(domain.StagePlanning),
			`campaign cannot move from "in_progress" to "planning": a campaign in progress never returns to planning`)

		// The campaign workflow refuses on its own too, whatever the API checked:
		// its update validator rejects a second start and writes nothing.
		handle, err := h.Worker.Client.UpdateWorkflow(t.Context(), client.UpdateWorkflowOptions{
			WorkflowID: domain.CampaignWorkflowID(id), UpdateName: workflows.UpdateCampaignStart,
			Args: []any{workflows.StageUpdateInput{ActorID: h.Admin.ID}}, WaitForStage: client.WorkflowUpdateStageCompleted})
		if err == nil {
			err = handle.Get(t.Context(), nil)
		}
		var ae *temporal.ApplicationError
		require.True(t, errors.As(err, &ae), "%v", err)
		assert.Equal(t, domain.ErrTypeTransition, ae.Type())
		assert.Contains(t, ae.Message(), "already in progress")
		assert.Equal(t, "in_progress", h.GetCampaign(id)["stage"])
	})

	t.Run("unknown campaign", func(t *testing.T) {
		for _, action := range []string{"start", "complete", "cancel"} {
			code, p := h.Move("00000000-0000-4000-8000-000000000001", action)
			assert.Equal(t, http.StatusNotFound, code, "%+v", p)
		}
	})
}
