package harness

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// PrivateFixture is a private campaign in planning with a folder document
// and participants, the campaign's manager (insider) and an outsider who
// holds the same privileges but is neither its creator, manager nor on its
// team.
type PrivateFixture struct {
	ID, FolderID, DocID string
	Participants        []domain.Participant
	Insider, Outsider   domain.User
	InsiderToken        string
	OutsiderToken       string
}

// EveryPrivilegeButAdmin are the privileges of the access tests' users.
var EveryPrivilegeButAdmin = []string{domain.PrivCampaigns, domain.PrivLeads, domain.PrivMarketing}

// PrivateCampaign creates a PrivateFixture with n participants.
func (h *Harness) PrivateCampaign(name string, n int) PrivateFixture {
	h.T.Helper()
	var f PrivateFixture
	f.Insider, f.InsiderToken = h.UserWithToken(name+" Manager", EveryPrivilegeButAdmin...)
	f.Outsider, f.OutsiderToken = h.UserWithToken(name+" Outsider", EveryPrivilegeButAdmin...)
	var docs map[string]string
	f.FolderID, docs = h.Folder(map[string]any{"name": "Note", "subject": "A note for {{nameFirst}}", "body": "Hello {{nameFirst}}, from " + name + "."})
	f.DocID = docs["Note"]
	f.ID = h.NewCampaign(map[string]any{"name": name, "priority": "A", "manager_id": f.Insider.ID, "security": "private", "folder_id": f.FolderID})
	resp := h.Call("POST", "/api/v1/campaigns/"+f.ID+"/participants", map[string]any{"contact_ids": h.Contacts(n)}, nil)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode)
	f.Participants = h.Participants(f.ID)
	return f
}

// ExpectStatus checks an answer's status, naming the call and showing the
// body when it differs.
func ExpectStatus(t *testing.T, resp *http.Response, status int, what string) bool {
	t.Helper()
	return assert.Equal(t, status, resp.StatusCode, "%s: %s", what, ReadAll(t, resp))
}
