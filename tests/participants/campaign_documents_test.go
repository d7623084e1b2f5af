package participants

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestCampaignDocumentsTab lists the campaign folder's documents and emails
// one to participants as a keyed batch process: by default to everyone, or
// to the participants named.
func TestCampaignDocumentsTab(t *testing.T) {
	h := harness.New(t)
	guide := []byte("guide,v1\n")
	folderID, docs := h.Folder(
		map[string]any{"name": "Guide", "subject": "Your guide, {{nameFirst}}", "body": "Hi {{nameFirst}}, see the attached guide for {{campaignName}}.",
			"attachment_name": "guide.csv", "attachment_base64": base64.StdEncoding.EncodeToString(guide)},
		map[string]any{"name": "Agenda", "body": "Agenda"},
	)
	otherFolder, otherDocs := h.Folder(map[string]any{"name": "Elsewhere", "body": "x"})
	require.NotEqual(t, folderID, otherFolder)

	var camp map[string]any
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns", map[string]any{"name": "Docs", "priority": "B",
		"manager_id": h.Manager.ID, "folder_id": folderID}, &camp).StatusCode)
	id := camp["id"].(string)
	contacts := h.Contacts(3)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": contacts}, nil).StatusCode)

	var list domain.Page[domain.Document]
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/campaigns/"+id+"/documents", nil, &list).StatusCode)
	require.Len(t, list.Items, 2)
	assert.Equal(t, "Agenda", list.Items[0].Name)
	assert.Equal(t, "Guide", list.Items[1].Name)
	noFolder := h.CreateCampaign("No folder")["id"].(string)
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/campaigns/"+noFolder+"/documents", nil, &list).StatusCode)
	assert.Empty(t, list.Items)
	assert.Equal(t, http.StatusNotFound, h.Call("GET", "/api/v1/campaigns/"+uuid.NewString()+"/documents", nil, nil).StatusCode)

	// Everyone (no body).
	var b harness.BatchView
	resp := h.Call("POST", "/api/v1/campaigns/"+id+"/documents/"+docs["Guide"]+"/email", nil, &b)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%+v", b)
	assert.Equal(t, domain.BatchEmailCampaignDocument, b.Type)
	b = h.WaitBatch(b.ID)
	assert.Equal(t, domain.BatchCompleted, b.Status)
	assert.Equal(t, 3, b.Succeeded)
	workertest.Eventually(t, 10*time.Second, func() (bool, string) {
		n := len(workertest.Inbox(t, h.Suffix))
		return n == 3, fmt.Sprint(n)
	})
	for _, m := range workertest.Inbox(t, h.Suffix) {
		assert.True(t, strings.HasPrefix(m.Subject, "Your guide, First"), m.Subject)
		assert.Contains(t, m.Text, "attached guide for Docs")
		assert.Contains(t, m.Raw, "guide.csv")
	}
	var acts domain.Page[domain.Activity]
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/contacts/"+contacts[0]+"/activities", nil, &acts).StatusCode)
	require.Len(t, acts.Items, 1)
	assert.Equal(t, "email", acts.Items[0].Kind)

	// Named participants; a stranger is a failed item.
	p := h.Participants(id)[0]
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/documents/"+docs["Agenda"]+"/email",
		map[string]any{"participant_ids": []string{p.ID, uuid.NewString()}}, &b)
	require.Equal(t, http.StatusAccepted, resp.StatusCode)
	b = h.WaitBatch(b.ID)
	assert.Equal(t, 1, b.Succeeded)
	assert.Equal(t, 1, b.Failed)
	assert.Equal(t, "not a participant of this campaign", b.Items[1].Message)
	workertest.Eventually(t, 10*time.Second, func() (bool, string) {
		n := len(workertest.Inbox(t, h.Suffix))
		return n == 4, fmt.Sprint(n)
	})

	// A document outside the campaign's folder, or none: 404; bad ids: 422.
	assert.Equal(t, http.StatusNotFound, h.Call("POST", "/api/v1/campaigns/"+id+"/documents/"+otherDocs["Elsewhere"]+"/email", nil, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, h.Call("POST", "/api/v1/campaigns/"+id+"/documents/"+uuid.NewString()+"/email", nil, nil).StatusCode)
	assert.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", "/api/v1/campaigns/"+id+"/documents/"+docs["Agenda"]+"/email",
		map[string]any{"participant_ids": []string{"x"}}, nil).StatusCode)
	assert.Len(t, workertest.Inbox(t, h.Suffix), 4)
}
