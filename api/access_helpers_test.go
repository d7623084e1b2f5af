package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// privateFixture is a private campaign in planning with a folder document
// and participants, the campaign's manager (insider) and an outsider who
// holds the same privileges but is neither its creator, manager nor on its
// team.
type privateFixture struct {
	id, folderID, docID string
	participants        []domain.Participant
	insider, outsider   domain.User
	insiderToken        string
	outsiderToken       string
}

// everyPrivilegeButAdmin are the privileges of the access tests' users.
var everyPrivilegeButAdmin = []string{domain.PrivCampaigns, domain.PrivLeads, domain.PrivMarketing}

// privateCampaign creates a privateFixture with n participants.
func (h *harness) privateCampaign(name string, n int) privateFixture {
	h.t.Helper()
	var f privateFixture
	f.insider, f.insiderToken = h.userWithToken(name+" Manager", everyPrivilegeButAdmin...)
	f.outsider, f.outsiderToken = h.userWithToken(name+" Outsider", everyPrivilegeButAdmin...)
	var docs map[string]string
	f.folderID, docs = h.folder(map[string]any{"name": "Note", "subject": "A note for {{nameFirst}}", "body": "Hello {{nameFirst}}, from " + name + "."})
	f.docID = docs["Note"]
	f.id = h.newCampaign(map[string]any{"name": name, "priority": "A", "manager_id": f.insider.ID, "security": "private", "folder_id": f.folderID})
	resp := h.call("POST", "/api/v1/campaigns/"+f.id+"/participants", map[string]any{"contact_ids": h.contacts(n)}, nil)
	require.Equal(h.t, http.StatusCreated, resp.StatusCode)
	f.participants = h.participants(f.id)
	return f
}

// expectStatus checks an answer's status, naming the call and showing the
// body when it differs.
func expectStatus(t *testing.T, resp *http.Response, status int, what string) bool {
	t.Helper()
	return assert.Equal(t, status, resp.StatusCode, "%s: %s", what, readAll(t, resp))
}
