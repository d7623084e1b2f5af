package api_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// TestParticipantEndpointsNeedPrivileges: participant changes need the
// campaigns privilege; filters, plan templates and coverage need an administrator.
func TestParticipantEndpointsNeedPrivileges(t *testing.T) {
	h := newHarness(t)
	id, ps := h.startedCampaign("Access", 1)
	viewer := h.member("Viewer")
	viewerToken := "tok-" + randHex(8)
	require.NoError(t, h.st.AddToken(t.Context(), viewer.ID, viewerToken, "test"))
	managerToken := "tok-" + randHex(8)
	require.NoError(t, h.st.AddToken(t.Context(), h.manager.ID, managerToken, "test"))

	base := "/api/v1/campaigns/" + id
	for _, c := range []struct{ method, path string }{
		{"PATCH", base + "/participants/" + ps[0].ID}, {"DELETE", base + "/participants/" + ps[0].ID},
		{"DELETE", base + "/participants"}, {"POST", base + "/participants/status"}, {"GET", base + "/documents"},
		{"POST", base + "/documents/" + uuid.NewString() + "/email"}, {"GET", "/api/v1/contacts/" + ps[0].ContactID + "/activities"},
	} {
		resp := h.callAs(viewerToken, c.method, c.path, map[string]any{"status": "Responded"}, nil)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, "%s %s", c.method, c.path)
		resp = h.callAs("", c.method, c.path, map[string]any{"status": "Responded"}, nil)
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "%s %s", c.method, c.path)
	}
	for _, path := range []string{"/api/v1/predefined-filters", "/api/v1/activity-plan-templates", "/api/v1/contacts/" + ps[0].ContactID + "/coverage"} {
		resp := h.callAs(managerToken, "POST", path, map[string]any{}, nil)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, path)
	}
	assert.Equal(t, map[string]int{"Contacted": 1}, countBy(h.participants(id)))
}

// TestParticipantMaximum: adding contacts past the configured maximum is
// refused whole with a clear 422.
func TestParticipantMaximum(t *testing.T) {
	h := newHarness(t)
	id := h.createCampaign("Full")["id"].(string)
	require.Equal(t, http.StatusCreated, h.call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.contacts(45)}, nil).StatusCode)
	var prob problemBody
	resp := h.call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.contacts(6)}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, prob.Detail, "a campaign holds at most 50 participants; it has 45 and this would add 6")
	assert.Len(t, h.participants(id), 45)
	var added map[string]int
	require.Equal(t, http.StatusCreated, h.call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.contacts(5)}, &added).StatusCode)
	assert.Equal(t, 5, added["added"])
	noManager := map[string]any{"name": "Unmanaged", "priority": "B"}
	var camp domain.Campaign
	require.Equal(t, http.StatusCreated, h.call("POST", "/api/v1/campaigns", noManager, &camp).StatusCode)
	resp = h.call("POST", "/api/v1/campaigns/"+camp.ID+"/participants", map[string]any{"contact_ids": h.contacts(1)}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	require.Len(t, prob.Errors, 1)
	assert.Equal(t, "manager_id", prob.Errors[0].Field)
}
