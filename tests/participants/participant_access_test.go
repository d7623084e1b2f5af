package participants

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// TestParticipantEndpointsNeedPrivileges: participant changes need the
// campaigns privilege; filters, plan templates and coverage need an administrator.
func TestParticipantEndpointsNeedPrivileges(t *testing.T) {
	h := harness.New(t)
	id, ps := h.StartedCampaign("Access", 1)
	viewer := member(h, "Viewer")
	viewerToken := "tok-" + harness.RandHex(8)
	require.NoError(t, h.Store.AddToken(t.Context(), viewer.ID, viewerToken, "test"))
	managerToken := "tok-" + harness.RandHex(8)
	require.NoError(t, h.Store.AddToken(t.Context(), h.Manager.ID, managerToken, "test"))

	base := "/api/v1/campaigns/" + id
	for _, c := range []struct{ method, path string }{
		{"PATCH", base + "/participants/" + ps[0].ID}, {"DELETE", base + "/participants/" + ps[0].ID},
		{"DELETE", base + "/participants"}, {"POST", base + "/participants/status"}, {"GET", base + "/documents"},
		{"POST", base + "/documents/" + uuid.NewString() + "/email"}, {"GET", "/api/v1/contacts/" + ps[0].ContactID + "/activities"},
	} {
		resp := h.CallAs(viewerToken, c.method, c.path, map[string]any{"status": "Responded"}, nil)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, "%s %s", c.method, c.path)
		resp = h.CallAs("", c.method, c.path, map[string]any{"status": "Responded"}, nil)
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "%s %s", c.method, c.path)
	}
	for _, path := range []string{"/api/v1/predefined-filters", "/api/v1/activity-plan-templates", "/api/v1/contacts/" + ps[0].ContactID + "/coverage"} {
		resp := h.CallAs(managerToken, "POST", path, map[string]any{}, nil)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, path)
	}
	assert.Equal(t, map[string]int{"Contacted": 1}, harness.CountBy(h.Participants(id)))
}

// TestParticipantMaximum: adding contacts past the configured maximum is
// refused whole with a clear 422.
func TestParticipantMaximum(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Full")["id"].(string)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.Contacts(45)}, nil).StatusCode)
	var prob harness.Problem
	resp := h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.Contacts(6)}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, prob.Detail, "a campaign holds at most 50 participants; it has 45 and this would add 6")
	assert.Len(t, h.Participants(id), 45)
	var added map[string]int
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.Contacts(5)}, &added).StatusCode)
	assert.Equal(t, 5, added["added"])
	noManager := map[string]any{"name": "Unmanaged", "priority": "B"}
	var camp domain.Campaign
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns", noManager, &camp).StatusCode)
	resp = h.Call("POST", "/api/v1/campaigns/"+camp.ID+"/participants", map[string]any{"contact_ids": h.Contacts(1)}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	require.Len(t, prob.Errors, 1)
	assert.Equal(t, "manager_id", prob.Errors[0].Field)
}

// TestPrivateCampaignParticipantRoutes: the participant changes and the
// Documents tab of a private campaign answer an outsider 404, as if the
// campaign did not exist, and write or send nothing; its manager is served.
func TestPrivateCampaignParticipantRoutes(t *testing.T) {
	h := harness.New(t)
	f := h.PrivateCampaign("Hidden", 3)
	base := "/api/v1/campaigns/" + f.ID
	p0 := f.Participants[0]
	calls := []struct {
		method, path string
		body         any
	}{
		{"PATCH", base + "/participants/" + p0.ID, map[string]any{"owner_id": f.Outsider.ID}},
		{"DELETE", base + "/participants/" + p0.ID, nil},
		{"DELETE", base + "/participants", nil},
		{"POST", base + "/participants/status", map[string]any{"participant_ids": []string{p0.ID}, "status": "Responded"}},
		{"GET", base + "/documents", nil},
		{"POST", base + "/documents/" + f.DocID + "/email", nil},
	}
	for _, c := range calls {
		var p harness.Problem
		resp := h.CallAs(f.OutsiderToken, c.method, c.path, c.body, &p)
		harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	}
	ps := h.Participants(f.ID)
	require.Len(t, ps, 3, "nobody was removed")
	for _, p := range ps {
		assert.Equal(t, f.Insider.ID, p.OwnerID, "no owner changed")
	}
	assert.Zero(t, h.Count("SELECT count(*) FROM batch_processes"), "no batch started")
	assert.Zero(t, h.Count("SELECT count(*) FROM outbox"), "nothing queued")

	// The manager is served on the same routes.
	var docs domain.Page[domain.Document]
	resp := h.CallAs(f.InsiderToken, "GET", base+"/documents", nil, &docs)
	harness.ExpectStatus(t, resp, http.StatusOK, "documents tab")
	require.Len(t, docs.Items, 1)
	resp = h.CallAs(f.InsiderToken, "PATCH", base+"/participants/"+p0.ID, map[string]any{"owner_id": f.Outsider.ID}, nil)
	harness.ExpectStatus(t, resp, http.StatusOK, "owner change")
	var b domain.Batch
	resp = h.CallAs(f.InsiderToken, "POST", base+"/documents/"+f.DocID+"/email", nil, &b)
	harness.ExpectStatus(t, resp, http.StatusAccepted, "document email")
	assert.Equal(t, 3, h.WaitBatch(b.ID).Succeeded)
	resp = h.CallAs(f.InsiderToken, "DELETE", base+"/participants/"+p0.ID, nil, nil)
	harness.ExpectStatus(t, resp, http.StatusNoContent, "removal")
	resp = h.CallAs(f.InsiderToken, "DELETE", base+"/participants", nil, nil)
	harness.ExpectStatus(t, resp, http.StatusOK, "removal of all")
	assert.Empty(t, h.Participants(f.ID))
}

// TestDeletedCampaignParticipantRoutesAreReadOnly: once every version of a
// campaign is deleted, its participant changes and document emails answer
// 409 and change nothing; reading still works.
func TestDeletedCampaignParticipantRoutesAreReadOnly(t *testing.T) {
	h := harness.New(t)
	f := h.PrivateCampaign("Gone", 2)
	code, p := h.SetVersion(f.ID, 1, string(domain.VersionDeleted))
	require.Equal(t, http.StatusOK, code, "%+v", p)
	base := "/api/v1/campaigns/" + f.ID
	p0 := f.Participants[0]
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"PATCH", base + "/participants/" + p0.ID, map[string]any{"owner_id": f.Outsider.ID}},
		{"DELETE", base + "/participants/" + p0.ID, nil},
		{"DELETE", base + "/participants", nil},
		{"POST", base + "/participants/status", map[string]any{"participant_ids": []string{p0.ID}, "status": "Responded"}},
		{"POST", base + "/documents/" + f.DocID + "/email", nil},
	} {
		var p harness.Problem
		resp := h.CallAs(f.InsiderToken, c.method, c.path, c.body, &p)
		harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
		assert.Contains(t, p.Detail, "read-only", "%s %s", c.method, c.path)
	}
	resp := h.CallAs(f.InsiderToken, "GET", base+"/documents", nil, nil)
	harness.ExpectStatus(t, resp, http.StatusOK, "documents tab")
	ps := h.Participants(f.ID)
	require.Len(t, ps, 2)
	for _, p := range ps {
		assert.Equal(t, f.Insider.ID, p.OwnerID)
	}
	assert.Zero(t, h.Count("SELECT count(*) FROM batch_processes"))
}
