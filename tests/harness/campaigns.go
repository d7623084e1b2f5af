package harness

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// CountBy counts participants per status.
func CountBy(ps []domain.Participant) map[string]int {
	out := map[string]int{}
	for _, p := range ps {
		out[p.Status]++
	}
	return out
}

// Opportunity records an opportunity of a campaign's contact, as the
// Interested status's action does.
func (h *Harness) Opportunity(campaignID, contactID, stage string, revenue float64) string {
	h.T.Helper()
	id := uuid.NewString()
	_, err := h.Store.Pool().Exec(h.T.Context(), `INSERT INTO opportunities (id, contact_id, campaign_id, description, stage, expected_revenue)
		VALUES ($1, $2, $3, 'Opportunity', $4, $5)`, id, contactID, campaignID, stage, revenue)
	require.NoError(h.T, err)
	return id
}

// Chart is a chart's answer: its bars.
type Chart[T any] struct {
	Items []T `json:"items"`
}

// Group creates a customer group and returns its id.
func (h *Harness) Group(name string) string {
	h.T.Helper()
	var g domain.CustomerGroup
	resp := h.Call("POST", "/api/v1/customer-groups", map[string]any{"name": name}, &g)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode)
	return g.ID
}

// Customer makes a contact a customer with a status and groups.
func (h *Harness) Customer(contactID, status string, groups ...string) {
	h.T.Helper()
	if groups == nil {
		groups = []string{}
	}
	resp := h.Call("PATCH", "/api/v1/contacts/"+contactID+"/customer", map[string]any{"status": status, "group_ids": groups}, nil)
	require.Equal(h.T, http.StatusOK, resp.StatusCode)
}

// SetVersion posts a version status change and returns the answer's status code and problem.
func (h *Harness) SetVersion(id string, n int, status string) (int, Problem) {
	h.T.Helper()
	var raw json.RawMessage
	var p Problem
	resp := h.Call("POST", fmt.Sprintf("/api/v1/campaigns/%s/versions/%d/status", id, n), map[string]any{"status": status}, &raw)
	if resp.StatusCode >= 400 {
		require.NoError(h.T, json.Unmarshal(raw, &p))
	}
	return resp.StatusCode, p
}

// ContactedEmail is the default workflow whose Contacted email has the given subject.
func ContactedEmail(subject string, extra ...domain.Action) []domain.ParticipantStatus {
	def := domain.DefaultWorkflow()
	def.Statuses[1].Actions = append([]domain.Action{{Kind: domain.ActionEmail, Subject: subject, Body: "Hello {{nameFirst}}"}}, extra...)
	return def.Statuses
}
