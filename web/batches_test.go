package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// printing is a private campaign whose Contacted status prints a letter,
// started, with a batch status update of two participants done too.
type printing struct {
	*tabs
	outsider                domain.User
	printBatch, statusBatch string
}

func newPrinting(t *testing.T, srv *webtest.Server) printing {
	t.Helper()
	folder, docs := folderWith(t, srv, "Welcome letter")
	f := newTabs(t, srv, 3, domain.CampaignInput{Name: "Private Letters", FolderID: folder, Security: "private"})
	def := domain.DefaultWorkflow()
	for i := range def.Statuses {
		if def.Statuses[i].Name == domain.StatusContacted {
			def.Statuses[i].Actions = []domain.Action{{Kind: domain.ActionPrint, DocumentID: docs["Welcome letter"]}}
		}
	}
	require.NoError(t, srv.Store.PutCampaignWorkflow(t.Context(), f.id, def.Statuses))
	f.addAll(t)
	f.start(t)
	p := printing{tabs: f, outsider: srv.User(t, "Oscar Outsider", password, domain.PrivCampaigns)}
	p.printBatch = p.waitBatch(t, domain.BatchPrintCampaignDocument)
	ps := f.participants(t)
	b, err := srv.App.BatchParticipantStatus(t.Context(), f.manager, f.id, app.StatusBatchInput{
		ParticipantIDs: []string{ps[0].ID, ps[1].ID}, Status: "Not responded"})
	require.NoError(t, err)
	p.statusBatch = b.ID
	p.waitBatch(t, domain.BatchUpdateParticipantStatus)
	return p
}

// waitBatch waits until the campaign's batch of a type has completed.
func (p printing) waitBatch(t *testing.T, typ string) string {
	t.Helper()
	id := ""
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		pg, err := p.srv.Store.ListBatches(t.Context(), p.manager, typ, domain.PageRequest{Limit: 10})
		bs := pg.Items
		require.NoError(t, err)
		if len(bs) == 0 {
			return false, "no batch of " + typ
		}
		id = bs[0].ID
		return bs[0].Status == domain.BatchCompleted, fmt.Sprintf("%s is %s", typ, bs[0].Status)
	})
	return id
}

// fetch reads a path of the server from the page (with its cookies) and
// returns the status and content type.
func fetch(t *testing.T, b *webtest.Browser, path string) (int, string) {
	t.Helper()
	webtest.Eval[bool](b, `(window.fetched = null, fetch(`+fmt.Sprintf("%q", path)+`, {credentials: "same-origin"})
		.then(r => { window.fetched = [r.status, r.headers.get("content-type") || ""] }), true)`)
	var res []any
	workertest.Eventually(t, 10*time.Second, func() (bool, string) {
		res = webtest.Eval[[]any](b, `window.fetched`)
		return len(res) == 2, "fetching " + path
	})
	return int(res[0].(float64)), res[1].(string)
}

// TestBatchProcessesWorkspace: the workspace lists the user's batches,
// filters them by type, shows each one's counts and items, and downloads
// the printed letters one by one and as one print job.
func TestBatchProcessesWorkspace(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	p := newPrinting(t, srv)
	b := openSignedIn(t, srv, p.manager.Email)
	assert.EqualValues(t, 200, b.Click(`nav.nav a[href="/batch-processes"]`))
	assert.Equal(t, "Batch Processes", b.Text("nav.nav a.active"))
	assert.Equal(t, []string{domain.BatchUpdateParticipantStatus, domain.BatchPrintCampaignDocument}, b.Texts("td[data-label=Type]"))
	assert.Equal(t, []string{"2 / 2", "3 / 3"}, b.Texts("td[data-label=Progress]"))
	assert.Equal(t, []string{"completed", "completed"}, b.Texts("td[data-label=Status]"))

	assert.EqualValues(t, 200, b.Click(`[data-filter=type] a.chip:nth-of-type(3)`))
	assert.Equal(t, domain.BatchPrintCampaignDocument, b.Text(`[data-filter=type] a.chip.active`))
	assert.Equal(t, []string{domain.BatchPrintCampaignDocument}, b.Texts("td[data-label=Type]"))
	assert.EqualValues(t, 200, b.Click(`[data-filter=type] a.chip:nth-of-type(1)`))
	assert.Equal(t, []string{domain.BatchUpdateParticipantStatus}, b.Texts("td[data-label=Type]"))
	assert.EqualValues(t, 200, b.Click(`[data-filter=type] a.chip:nth-of-type(2)`))
	assert.Empty(t, b.Texts("td[data-label=Type]"))
	assert.Equal(t, "No batch processes of this type.", b.Text("tbody tr.empty"))

	// The status batch: each item's result.
	b.Open("/batch-processes/" + p.statusBatch)
	assert.Equal(t, domain.BatchUpdateParticipantStatus, b.Text("h1"))
	assert.Contains(t, b.Text(".card .fields"), "Private Letters")
	assert.Equal(t, []string{"now Not responded", "now Not responded"}, b.Texts("#batch-progress td.item-text"))
	assert.Empty(t, b.Texts("#open-batch"), "no link to the page it is on")
	assert.Empty(t, b.Texts("#download-output"), "it printed nothing")

	// The print batch: a letter per participant, and the one print job.
	b.Open("/batch-processes/" + p.printBatch)
	files := b.Texts("#batch-progress td.item-text a")
	require.Len(t, files, 3)
	for _, name := range files {
		assert.True(t, strings.HasPrefix(name, "Welcome letter - First0"), name)
	}
	href := webtest.Eval[string](b, `document.querySelector("#batch-progress td.item-text a").getAttribute("href")`)
	status, typ := fetch(t, b, href)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, domain.ContentTypePDF, typ)
	assert.Equal(t, "/batch-processes/"+p.printBatch+"/output", webtest.Eval[string](b, `document.querySelector("#download-output").getAttribute("href")`))
	status, typ = fetch(t, b, "/batch-processes/"+p.printBatch+"/output")
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, domain.ContentTypePDF, typ)
	// A file is downloaded only through its own batch.
	status, _ = fetch(t, b, "/batch-processes/"+p.statusBatch+strings.TrimPrefix(href, "/batch-processes/"+p.printBatch))
	assert.Equal(t, http.StatusNotFound, status)
	status, _ = fetch(t, b, "/batch-processes/"+p.statusBatch+"/output")
	assert.Equal(t, http.StatusNotFound, status, "a batch that printed nothing has no print job")
}

// TestCampaignTabsHiddenFromOutsiders: a user outside a private campaign
// gets 404 on each of its tabs, on its batches and their files, and on
// every form of them, which change nothing; the workspace lists none of
// its batches.
func TestCampaignTabsHiddenFromOutsiders(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	p := newPrinting(t, srv)
	ps := p.participants(t)
	b := openSignedIn(t, srv, p.outsider.Email)
	for _, path := range []string{p.path("participants"), p.path("participants?edit=" + ps[0].ID), p.path("opportunities"),
		p.path("documents"), "/batch-processes/" + p.printBatch, "/batch-processes/" + p.printBatch + "/progress",
		"/batch-processes/" + p.printBatch + "/output", "/batch-processes/" + p.statusBatch} {
		assert.EqualValues(t, 404, b.Open(path), path)
		assert.Equal(t, "Not found", b.Text("h1"), path)
		assert.NotContains(t, b.Text("main"), "Private Letters", path)
	}
	b.Open("/batch-processes")
	assert.Empty(t, b.Texts("td[data-label=Type]"), "none of its batches is listed")

	// Forms posted anyway: 404, and nothing changes.
	csrf := webtest.Eval[string](b, `document.querySelector("input[name=csrf_token]").value`)
	for _, action := range []string{p.path("participants/" + ps[0].ID + "/remove"), p.path("participants/remove-all"),
		p.path("participants/status")} {
		webtest.Eval[bool](b, `(() => { const f = document.createElement("form"); f.method = "post"; f.action = `+fmt.Sprintf("%q", action)+`;
			for (const [k, v] of [["csrf_token", `+fmt.Sprintf("%q", csrf)+`], ["participant_id", `+fmt.Sprintf("%q", ps[0].ID)+`], ["status", "Responded"]]) {
				const i = document.createElement("input"); i.type = "hidden"; i.name = k; i.value = v; f.append(i) }
			const go = document.createElement("button"); go.id = "forced"; go.textContent = "Send"; f.append(go);
			document.querySelector("main").append(f); return true })()`)
		assert.EqualValues(t, 404, b.Click("#forced"), action)
		b.Open("/batch-processes")
	}
	assert.Len(t, p.participants(t), 3, "nobody was removed")
	got, err := srv.Store.GetParticipant(t.Context(), p.id, ps[0].ID)
	require.NoError(t, err)
	assert.Equal(t, "Not responded", got.Status)

	// The manager sees them.
	m := openSignedIn(t, srv, p.manager.Email)
	assert.EqualValues(t, 200, m.Open(p.path("participants")))
	assert.EqualValues(t, 200, m.Open("/batch-processes/"+p.printBatch))
}

// TestCampaignTabsOnAPhone: at 390 px no page of the tabs or of the
// workspace, nor any of their dialogs, scrolls sideways.
func TestCampaignTabsOnAPhone(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	p := newPrinting(t, srv)
	long := p.contact(t, "Maximiliana"+strings.Repeat("Long", 8), "Vandenberghe"+strings.Repeat("Long", 8))
	_, err := srv.App.AddParticipants(t.Context(), p.manager, p.id, app.AddParticipantsInput{ContactIDs: []string{long}})
	require.NoError(t, err)
	_, err = srv.Store.Pool().Exec(t.Context(), `INSERT INTO opportunities (id, contact_id, campaign_id, description, locked)
		VALUES (gen_random_uuid(), $1, $2, $3, true)`, long, p.id, strings.Repeat("Opportunity words ", 12))
	require.NoError(t, err)
	ps := p.participants(t)
	docs, err := srv.App.CampaignDocuments(t.Context(), p.manager, p.id)
	require.NoError(t, err)

	b := openSignedIn(t, srv, p.manager.Email)
	b.Width(390)
	for _, path := range []string{p.path("participants"), p.path("participants?add=1"), p.path("participants?edit=" + ps[0].ID),
		p.path("participants?remove=" + ps[0].ID), p.path("participants?batch=" + p.statusBatch), p.path("opportunities"),
		p.path("documents"), p.path("documents?email=" + docs[0].ID), "/batch-processes", "/batch-processes/" + p.printBatch} {
		assert.EqualValues(t, 200, b.Open(path), path)
		noSideScroll(t, b, path)
	}
	b.Open(p.path("participants"))
	assert.Equal(t, "none", webtest.Eval[string](b, `getComputedStyle(document.querySelector("table.table thead")).display`),
		"rows are cards")
}
