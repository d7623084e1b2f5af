package web_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// folderWith creates a folder holding documents with these names (each
// with a subject and a body) and returns its id and their ids by name.
func folderWith(t *testing.T, srv *webtest.Server, names ...string) (string, map[string]string) {
	t.Helper()
	folder := domain.Folder{ID: uuid.NewString(), Name: "Letters", PageSize: domain.PageA4}
	require.NoError(t, srv.Store.CreateFolder(t.Context(), folder))
	ids := map[string]string{}
	for _, n := range names {
		d := domain.Document{ID: uuid.NewString(), FolderID: folder.ID, Name: n, Subject: n + " for {{nameFirst}}",
			Body: "Dear {{nameFirst}}, here is the " + n + " of {{campaignName}}."}
		require.NoError(t, srv.Store.CreateDocument(t.Context(), d))
		ids[n] = d.ID
	}
	return folder.ID, ids
}

// TestDocumentsTabEmailsParticipants: the tab lists the folder's documents;
// its Email dialog sends one to the participants checked (choosing nobody
// is refused), and the batch's progress shows until every item's result;
// the batch is then in the Batch Processes workspace.
func TestDocumentsTabEmailsParticipants(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	folder, docs := folderWith(t, srv, "Guide", "Agenda")
	f := newTabs(t, srv, 3, domain.CampaignInput{FolderID: folder})
	f.addAll(t)

	b := openSignedIn(t, srv, f.manager.Email)
	assert.EqualValues(t, 200, b.Open(f.path("documents")))
	assert.Equal(t, "Documents", b.Text(".tabs a.active"))
	assert.Equal(t, []string{"Agenda", "Guide"}, rowNames(b))

	assert.EqualValues(t, 200, b.Click(`tr[data-document="`+docs["Guide"]+`"] a.email`))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#email-document").open`))
	assert.Equal(t, "Email “Guide”", b.Text("#email-title"))
	assert.Len(t, b.Texts("#email-form .checklist label"), 3)
	assert.EqualValues(t, 422, b.Click("#email-chosen"))
	assert.Equal(t, "Choose at least one participant, or email every participant.", b.Text("#email-error"))
	assert.Empty(t, workertest.Inbox(t, srv.Suffix), "nothing was sent")

	labels := b.Texts("#email-form .checklist label .muted") // "address · status"
	var chosen []string
	for _, i := range []int{0, 2} {
		chosen = append(chosen, strings.Fields(labels[i])[0])
	}
	sort.Strings(chosen)
	b.Do(clickNoNav(`#email-form .checklist label:nth-of-type(1) input`), clickNoNav(`#email-form .checklist label:nth-of-type(3) input`))
	assert.EqualValues(t, 200, b.Click("#email-chosen"))
	assert.Equal(t, "Emailing the document to 2 participants.", b.Text(".flash"))
	assert.Equal(t, domain.BatchEmailCampaignDocument, b.Text("#batch-progress h2"))
	waitText(t, b, "#batch-status", "completed")
	assert.Equal(t, "2 of 2 done", b.Text("#batch-done"))
	assert.Equal(t, []string{"succeeded", "succeeded"}, b.Texts("#batch-progress td[data-label=Result]"))
	var to []string
	for _, m := range waitInbox(t, srv.Suffix, 2) {
		to = append(to, m.To...)
		assert.Regexp(t, `^Guide for First0[0-2]$`, m.Subject)
	}
	sort.Strings(to)
	assert.Equal(t, chosen, to, "the checked participants, and only they, got it")
	assert.Equal(t, []string{"sent to " + chosen[0], "sent to " + chosen[1]}, sorted(b.Texts("#batch-progress td.item-text")))

	// Every participant, as the dialog's other button.
	b.Open(f.path("documents?email=" + docs["Agenda"]))
	assert.EqualValues(t, 200, b.Click("#email-all"))
	waitText(t, b, "#batch-status", "completed")
	assert.Equal(t, "3 of 3 done", b.Text("#batch-done"))

	// Both batches are in the workspace, newest first, filtered by type.
	assert.EqualValues(t, 200, b.Click("#open-batch"))
	assert.Equal(t, domain.BatchEmailCampaignDocument, b.Text("h1"))
	b.Open("/batch-processes")
	assert.Equal(t, []string{domain.BatchEmailCampaignDocument, domain.BatchEmailCampaignDocument}, b.Texts("td[data-label=Type]"))
	assert.Equal(t, []string{"3 / 3", "2 / 2"}, b.Texts("td[data-label=Progress]"))
	assert.Equal(t, []string{"Spring Outreach", "Spring Outreach"}, b.Texts("td[data-label=Campaign]"))
}

// waitInbox waits until the SMTP sink holds n messages for the suffix.
func waitInbox(t *testing.T, suffix string, n int) []workertest.Message {
	t.Helper()
	var got []workertest.Message
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		got = workertest.Inbox(t, suffix)
		return len(got) == n, fmt.Sprintf("%d of %d messages", len(got), n)
	})
	return got
}

func sorted(s []string) []string {
	sort.Strings(s)
	return s
}
