package admin

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// TestPlanTemplateEdit: PATCH renames a plan template and replaces its
// steps, leaving the fields it does not name alone; refused steps (422,
// per field) and an empty patch change nothing; an unknown id is 404.
func TestPlanTemplateEdit(t *testing.T) {
	h := harness.New(t)
	var plan domain.PlanTemplate
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/activity-plan-templates", map[string]any{"name": "Onboarding", "active": false,
		"steps": []map[string]any{{"kind": "call", "subject": "Intro call", "due_in_days": 1}}}, &plan).StatusCode)
	path := "/api/v1/activity-plan-templates/" + plan.ID

	var got domain.PlanTemplate
	require.Equal(t, http.StatusOK, h.Call("PATCH", path, map[string]any{"name": " Welcome plan ",
		"steps": []map[string]any{{"kind": "meeting", "subject": "Kick-off", "due_in_days": 3}, {"kind": "task", "subject": "Send pack"}}}, &got).StatusCode)
	assert.Equal(t, "Welcome plan", got.Name)
	assert.False(t, got.Active, "the patch did not name active")
	assert.Equal(t, []domain.PlanStep{{Kind: "meeting", Subject: "Kick-off", DueInDays: 3}, {Kind: "task", Subject: "Send pack"}}, got.Steps)

	var p harness.Problem
	resp := h.Call("PATCH", path, map[string]any{"name": "Renamed", "steps": []map[string]any{{"kind": "party", "subject": "x"}}}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, []domain.FieldError{{Field: "steps[0].kind", Message: "must be task, meeting or call"}}, p.Errors)
	resp = h.Call("PATCH", path, map[string]any{}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, "body", p.Errors[0].Field)
	stored, err := h.Store.GetPlanTemplate(t.Context(), plan.ID)
	require.NoError(t, err)
	assert.Equal(t, "Welcome plan", stored.Name, "refused patches wrote nothing")
	assert.Equal(t, got.Steps, stored.Steps, "refused patches wrote nothing")

	require.Equal(t, http.StatusOK, h.Call("PATCH", path, map[string]any{"active": true}, &got).StatusCode)
	assert.True(t, got.Active)
	assert.Equal(t, "Welcome plan", got.Name, "activating keeps the name")
	assert.Equal(t, http.StatusNotFound, h.Call("PATCH", "/api/v1/activity-plan-templates/"+uuid.NewString(), map[string]any{"active": true}, nil).StatusCode)
}
