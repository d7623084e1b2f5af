package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// TestLeadsNeedThePrivilege: without ilm:EnableIntegratedLeadManagement
// the Leads workspace is not in the navigation and every page of it
// answers 403, forms included (nothing is written).
func TestLeadsNeedThePrivilege(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	lee := srv.User(t, "Lee Leads", password, domain.PrivLeads)
	cam := srv.User(t, "Cam Campaigns", password, domain.PrivCampaigns)
	l := srv.Lead(t, lee, domain.LeadInput{FirstName: "Hidden", LastName: "Lead", Email: "hidden" + srv.Suffix,
		SalesConcept: "General Interest", SourceType: "Web"})

	b := openSignedIn(t, srv, cam.Email)
	assert.NotContains(t, b.Texts("nav.nav a"), "Leads")
	for _, path := range []string{"/leads", fmt.Sprintf("/leads/%d", l.ID), "/leads/imports/new", "/leads/charts",
		"/leads/export.csv", fmt.Sprintf("/leads/assign-owner?lead_ids=%d", l.ID)} {
		assert.EqualValues(t, 403, b.Open(path), path)
		assert.Equal(t, "Not allowed", b.Text("h1"), path)
		assert.NotContains(t, b.Text("main"), "Hidden Lead", path)
	}
	// A form posted to the workspace (with a valid token of the session) is refused too.
	b.Open("/campaigns")
	webtest.Eval[bool](b, fmt.Sprintf(`(() => {
		const f = document.createElement("form"); f.method = "post"; f.action = "/leads/%d/archive";
		f.innerHTML = '<input type="hidden" name="csrf_token"><button id="forged" type="submit">Archive</button>';
		f.querySelector("input").value = document.querySelector("input[name=csrf_token]").value;
		document.querySelector("main").append(f); return true })()`, l.ID))
	status := b.Click("#forged")
	assert.EqualValues(t, 403, status)
	got, err := srv.Store.GetLead(t.Context(), l.ID)
	require.NoError(t, err)
	assert.Equal(t, domain.LeadNew, got.Status, "nothing was archived")

	b = openSignedIn(t, srv, lee.Email)
	assert.Contains(t, b.Texts("nav.nav a"), "Leads")
	assert.EqualValues(t, 200, b.Open(fmt.Sprintf("/leads/%d", l.ID)))
}

// TestLeadNotesAndActivities: notes and activities are added, edited and
// deleted on the lead's page, a refused one keeps its form open with the
// error beside the field, and the audit trail lists every change.
func TestLeadNotesAndActivities(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	lee := srv.User(t, "Lee Leads", password, domain.PrivLeads)
	l := srv.Lead(t, lee, domain.LeadInput{FirstName: "Nora", LastName: "Notes", Email: "nora" + srv.Suffix,
		SalesConcept: "General Interest", SourceType: "Web"})
	b := openSignedIn(t, srv, lee.Email)
	b.Open(fmt.Sprintf("/leads/%d", l.ID))

	assert.EqualValues(t, 422, b.Click("#add-note button[type=submit]"), "an empty note")
	assert.Equal(t, "Is required.", b.Text("#add-note #e-text"))
	b.Fill(map[string]string{"#add-note textarea": "Met at the spring fair"})
	assert.EqualValues(t, 200, b.Click("#add-note button[type=submit]"))
	assert.Equal(t, "Note saved.", b.Text(".flash"))
	assert.Equal(t, []string{"Met at the spring fair"}, b.Texts("#notes .note-text"))
	webtest.Eval[bool](b, `(() => { document.querySelector("#notes .item details").open = true; return true })()`)
	b.Fill(map[string]string{"#notes .item textarea": "Met at the spring fair; call back in May"})
	assert.EqualValues(t, 200, b.Click("#notes .item form button[type=submit]"))
	assert.Equal(t, []string{"Met at the spring fair; call back in May"}, b.Texts("#notes .note-text"))

	webtest.Eval[bool](b, `(() => { document.querySelector("#add-activity").open = true; return true })()`)
	b.Fill(map[string]string{"#add-activity #f-kind": "call", "#add-activity #f-due_at": "2027-05-03"})
	assert.EqualValues(t, 422, b.Click("#add-activity button[type=submit]"), "an activity needs a subject")
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#add-activity").open`), "the form stays open")
	assert.Equal(t, "Is required.", b.Text("#add-activity #e-subject"))
	b.Fill(map[string]string{"#add-activity #f-subject": "Call about the mortgage"})
	assert.EqualValues(t, 200, b.Click("#add-activity button[type=submit]"))
	assert.Contains(t, b.Text("#activities .item"), "Call about the mortgage")
	assert.Contains(t, b.Text("#activities .item"), "due 3 May 2027")
	webtest.Eval[bool](b, `(() => { document.querySelector("#activities .item details").open = true; return true })()`)
	b.Do(clickNoNav("#activities .item input[name=done]"))
	assert.EqualValues(t, 200, b.Click("#activities .item form button[type=submit]"))
	assert.Contains(t, b.Text("#activities .item"), "done")

	assert.EqualValues(t, 200, b.Click("#notes .item form.inline button"))
	assert.Empty(t, b.Texts("#notes .item"), "the note is deleted")
	assert.EqualValues(t, 200, b.Click("#activities .item form.inline button"))
	assert.Empty(t, b.Texts("#activities .item"), "the activity is deleted")

	assert.EqualValues(t, 200, b.Click(".tabs a:nth-child(2)"))
	whats := b.Texts("#audit td[data-label=What]")
	assert.Equal(t, []string{"Lead create", "Note create", "Note update", "Activity create", "Activity update", "Note delete", "Activity delete"}, whats)
	assert.Contains(t, b.Text("#audit tbody tr:nth-child(3)"), "text: Met at the spring fair → Met at the spring fair; call back in May")
}

// TestLeadPagesAtPhoneWidth: at 390 px no page of the Leads workspace
// scrolls sideways, dialogs open included, however long the values.
func TestLeadPagesAtPhoneWidth(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	lee := srv.User(t, "Lee Leads With A Rather Long Name Indeed", password, domain.PrivLeads)
	long := strings.Repeat("Long", 15)
	var ids []string
	var leadIDs []int64
	for i := range 3 {
		l := srv.Lead(t, lee, domain.LeadInput{FirstName: fmt.Sprintf("First%d%s", i, long), LastName: "Last" + long,
			Company: "Company" + long, Email: fmt.Sprintf("lead%d%s", i, srv.Suffix), SalesConcept: "Concept" + long,
			SourceType: "Source" + long, MarketSegment: "Segment" + long})
		ids = append(ids, fmt.Sprint(l.ID))
		leadIDs = append(leadIDs, l.ID)
	}
	ops := app.New(app.Config{Store: srv.Store, Temporal: srv.Worker.Client, TaskQueue: srv.Worker.TaskQueue})
	batch, err := ops.BatchAssignLeadOwner(t.Context(), lee, app.BatchOwnerInput{LeadIDs: app.LeadIDs{LeadIDs: leadIDs},
		OwnerInput: app.OwnerInput{OwnerID: lee.ID}})
	require.NoError(t, err)
	imp, err := ops.UploadLeadImport(t.Context(), lee, "wide.csv", strings.NewReader("first_name,last_name,email,sales_concept,source_type\n"+
		"A"+long+",B"+long+",not-an-address"+long+",C,D\n"))
	require.NoError(t, err)

	b := openSignedIn(t, srv, lee.Email)
	b.Width(390)
	sel := "lead_ids=" + strings.Join(ids, "&lead_ids=")
	for _, path := range []string{"/leads", "/leads?add=1", "/leads?dialog=columns", "/leads?dialog=export", "/leads/charts",
		"/leads/" + ids[0], "/leads/" + ids[0] + "?dialog=edit", "/leads/" + ids[0] + "?dialog=convert",
		"/leads/" + ids[0] + "?dialog=owner", "/leads/" + ids[0] + "?dialog=delete", "/leads/" + ids[0] + "?tab=audit",
		"/leads/" + ids[0] + "?tab=documents", "/leads/assign-owner?" + sel, "/leads/email?" + sel, "/leads/print?" + sel,
		"/leads/bulk-delete?" + sel, "/batch-processes/" + batch.ID, "/leads/imports/new", "/leads/imports/" + imp.ID} {
		assert.EqualValues(t, 200, b.Open(path), path)
		assert.Equal(t, 390, webtest.Eval[int](b, `window.innerWidth`), path)
		assert.LessOrEqual(t, webtest.Eval[int](b, `document.documentElement.scrollWidth`), 390, "%s scrolls sideways", path)
	}
	openLeads(t, b, "/leads")
	assert.LessOrEqual(t, webtest.Eval[int](b, `document.documentElement.scrollWidth`), 390, "with its charts")
	b.Screenshot("leads-390")
	b.Open("/leads/" + ids[0])
	b.Screenshot("lead-390")
}
