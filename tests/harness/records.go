package harness

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// RecordCounts counts the rows of the tables a refused request could write.
func (h *Harness) RecordCounts() map[string]int {
	h.T.Helper()
	out := map[string]int{}
	for _, table := range []string{"campaigns", "contacts", "contact_coverage", "leads", "lead_activities", "lead_notes",
		"lead_imports", "folders", "documents", "predefined_filters", "activity_plan_templates", "customer_groups",
		"drip_campaigns", "workflow_templates", "batch_processes", "participants"} {
		var n int
		require.NoError(h.T, h.Store.Pool().QueryRow(h.T.Context(), "SELECT count(*) FROM "+table).Scan(&n))
		out[table] = n
	}
	return out
}

// UserWithToken creates a user holding the given privileges and returns it
// with a bearer token of its own.
func (h *Harness) UserWithToken(name string, privileges ...string) (domain.User, string) {
	h.T.Helper()
	u := domain.User{ID: uuid.NewString(), Name: name, Email: RandHex(4) + h.Suffix, Privileges: privileges}
	require.NoError(h.T, h.Store.UpsertUser(h.T.Context(), u))
	token := "tok-" + RandHex(8)
	require.NoError(h.T, h.Store.AddToken(h.T.Context(), u.ID, token, "test"))
	return u, token
}

// NewCampaign creates a campaign from a full body and returns its id.
func (h *Harness) NewCampaign(body map[string]any) string {
	h.T.Helper()
	var c map[string]any
	resp := h.Call("POST", "/api/v1/campaigns", body, &c)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%v", c)
	return c["id"].(string)
}

// GetCampaign reads a campaign through the API.
func (h *Harness) GetCampaign(id string) map[string]any {
	h.T.Helper()
	var c map[string]any
	resp := h.Call("GET", "/api/v1/campaigns/"+id, nil, &c)
	require.Equal(h.T, http.StatusOK, resp.StatusCode, "%v", c)
	return c
}

// Move posts start, complete or cancel and returns the answer's status code.
func (h *Harness) Move(id, action string) (int, Problem) {
	h.T.Helper()
	var p Problem
	resp := h.Call("POST", "/api/v1/campaigns/"+id+"/"+action, nil, &p)
	return resp.StatusCode, p
}

// ExpectProblem checks that an answer is a problem+json with the given status
// and, for 422, that the named field is among its errors.
func ExpectProblem(t *testing.T, resp *http.Response, p Problem, status int, field string) {
	t.Helper()
	require.Equal(t, status, resp.StatusCode, "%+v", p)
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	assert.Equal(t, status, p.Status)
	if field != "" {
		var fields []string
		for _, f := range p.Errors {
			fields = append(fields, f.Field)
		}
		assert.Contains(t, fields, field, "%+v", p)
	}
}
