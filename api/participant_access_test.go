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

// TestPrivateCampaignParticipantRoutes: the participant changes and the
// Documents tab of a private campaign answer an outsider 404, as if the
// campaign did not exist, and write or send nothing; its manager is served.
func TestPrivateCampaignParticipantRoutes(t *testing.T) {
	h := newHarness(t)
	f := h.privateCampaign("Hidden", 3)
	base := "/api/v1/campaigns/" + f.id
	p0 := f.participants[0]
	calls := []struct {
		method, path string
		body         any
	}{
		{"PATCH", base + "/participants/" + p0.ID, map[string]any{"owner_id": f.outsider.ID}},
		{"DELETE", base + "/participants/" + p0.ID, nil},
		{"DELETE", base + "/participants", nil},
		{"POST", base + "/participants/status", map[string]any{"participant_ids": []string{p0.ID}, "status": "Responded"}},
		{"GET", base + "/documents", nil},
		{"POST", base + "/documents/" + f.docID + "/email", nil},
	}
	for _, c := range calls {
		var p problemBody
		resp := h.callAs(f.outsiderToken, c.method, c.path, c.body, &p)
		expectProblem(t, resp, p, http.StatusNotFound, "")
	}
	ps := h.participants(f.id)
	require.Len(t, ps, 3, "nobody was removed")
	for _, p := range ps {
		assert.Equal(t, f.insider.ID, p.OwnerID, "no owner changed")
	}
	assert.Zero(t, h.count("SELECT count(*) FROM batch_processes"), "no batch started")
	assert.Zero(t, h.count("SELECT count(*) FROM outbox"), "nothing queued")

	// The manager is served on the same routes.
	var docs domain.Page[domain.Document]
	resp := h.callAs(f.insiderToken, "GET", base+"/documents", nil, &docs)
	expectStatus(t, resp, http.StatusOK, "documents tab")
	require.Len(t, docs.Items, 1)
	resp = h.callAs(f.insiderToken, "PATCH", base+"/participants/"+p0.ID, map[string]any{"owner_id": f.outsider.ID}, nil)
	expectStatus(t, resp, http.StatusOK, "owner change")
	var b domain.Batch
	resp = h.callAs(f.insiderToken, "POST", base+"/documents/"+f.docID+"/email", nil, &b)
	expectStatus(t, resp, http.StatusAccepted, "document email")
	assert.Equal(t, 3, h.waitBatch(b.ID).Succeeded)
	resp = h.callAs(f.insiderToken, "DELETE", base+"/participants/"+p0.ID, nil, nil)
	expectStatus(t, resp, http.StatusNoContent, "removal")
	resp = h.callAs(f.insiderToken, "DELETE", base+"/participants", nil, nil)
	expectStatus(t, resp, http.StatusOK, "removal of all")
	assert.Empty(t, h.participants(f.id))
}

// TestDeletedCampaignParticipantRoutesAreReadOnly: once every version of a
// campaign is deleted, its participant changes and document emails answer
// 409 and change nothing; reading still works.
func TestDeletedCampaignParticipantRoutesAreReadOnly(t *testing.T) {
	h := newHarness(t)
	f := h.privateCampaign("Gone", 2)
	code, p := h.setVersion(f.id, 1, string(domain.VersionDeleted))
	require.Equal(t, http.StatusOK, code, "%+v", p)
	base := "/api/v1/campaigns/" + f.id
	p0 := f.participants[0]
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"PATCH", base + "/participants/" + p0.ID, map[string]any{"owner_id": f.outsider.ID}},
		{"DELETE", base + "/participants/" + p0.ID, nil},
		{"DELETE", base + "/participants", nil},
		{"POST", base + "/participants/status", map[string]any{"participant_ids": []string{p0.ID}, "status": "Responded"}},
		{"POST", base + "/documents/" + f.docID + "/email", nil},
	} {
		var p problemBody
		resp := h.callAs(f.insiderToken, c.method, c.path, c.body, &p)
		expectProblem(t, resp, p, http.StatusConflict, "")
		assert.Contains(t, p.Detail, "read-only", "%s %s", c.method, c.path)
	}
	resp := h.callAs(f.insiderToken, "GET", base+"/documents", nil, nil)
	expectStatus(t, resp, http.StatusOK, "documents tab")
	ps := h.participants(f.id)
	require.Len(t, ps, 2)
	for _, p := range ps {
		assert.Equal(t, f.insider.ID, p.OwnerID)
	}
	assert.Zero(t, h.count("SELECT count(*) FROM batch_processes"))
}
