package web_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// names are the campaign names the table shows.
func names(b *webtest.Browser) []string { return b.Texts("table.table tbody td.name") }

// TestCampaignsTable: the text search, a filter chip, a sort and keyset
// paging work together, each link keeping the others; a name opens its
// campaign's page.
func TestCampaignsTable(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	bob := srv.User(t, "Bob Other", password, domain.PrivCampaigns)
	for i := 1; i <= 8; i++ {
		srv.Campaign(t, ann.ID, domain.CampaignInput{Name: fmt.Sprintf("Spring Alpha %02d", i), Priority: "A", ManagerID: ann.ID})
	}
	srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Spring Beta 01", Priority: "B", ManagerID: bob.ID})
	srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Spring Beta 02", Priority: "B"})
	autumn := srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Autumn Gamma 01", Priority: "A", ManagerID: bob.ID})
	_, err := srv.Store.Pool().Exec(t.Context(), "UPDATE campaigns SET stage = 'in_progress' WHERE id = $1", autumn)
	require.NoError(t, err)

	b := openSignedIn(t, srv, ann.Email)
	require.Equal(t, "/campaigns", b.Path())
	assert.Len(t, names(b), 11)

	b.Fill(map[string]string{`input[name=q]`: "spring"})
	assert.EqualValues(t, 200, b.Click(`form.dt-search button`))
	assert.Len(t, names(b), 10, "the search finds the ten spring campaigns")
	assert.NotContains(t, names(b), "Autumn Gamma 01")

	assert.EqualValues(t, 200, b.Click(`[data-filter=priority] a.chip:nth-of-type(1)`))
	assert.Equal(t, "A", b.Text(`[data-filter=priority] a.chip.active`))
	assert.Len(t, names(b), 8, "the Priority A chip keeps the search")

	assert.EqualValues(t, 200, b.Click(`th a[data-sort=name]`))
	want := []string{"Spring Alpha 01", "Spring Alpha 02", "Spring Alpha 03", "Spring Alpha 04", "Spring Alpha 05", "Spring Alpha 06", "Spring Alpha 07", "Spring Alpha 08"}
	assert.Equal(t, want, names(b), "sorted by name")
	assert.EqualValues(t, 200, b.Click(`th a[data-sort=name]`))
	assert.Equal(t, "Spring Alpha 08", names(b)[0], "a second click reverses the sort")

	// Paging: five a page, keeping the search, the chip and the sort.
	b.Open(b.Path() + "&limit=5")
	assert.Equal(t, []string{"Spring Alpha 08", "Spring Alpha 07", "Spring Alpha 06", "Spring Alpha 05", "Spring Alpha 04"}, names(b))
	assert.EqualValues(t, 200, b.Click("#next-page"))
	assert.Equal(t, []string{"Spring Alpha 03", "Spring Alpha 02", "Spring Alpha 01"}, names(b))
	assert.Empty(t, b.Texts("#next-page"), "the last page has no next link")
	q, err := url.ParseQuery(b.Path()[len("/campaigns?"):])
	require.NoError(t, err)
	assert.Equal(t, "spring", q.Get("q"))
	assert.Equal(t, "A", q.Get("priority"))
	assert.Equal(t, "-name", q.Get("sort"))
	assert.NotEmpty(t, q.Get("cursor"))

	// Removing the chip starts again from the first page.
	assert.EqualValues(t, 200, b.Click(`[data-filter=priority] a.chip.active`))
	assert.Equal(t, []string{"Spring Beta 02", "Spring Beta 01", "Spring Alpha 08", "Spring Alpha 07", "Spring Alpha 06"}, names(b))

	// The Manager and Stage chips.
	b.Open("/campaigns?sort=name")
	b.Do() // page loaded
	webtest.Eval[bool](b, `(() => { document.querySelector("[data-filter=manager_id]").open = true; return true })()`)
	assert.EqualValues(t, 200, b.Click(`[data-filter=manager_id] .menu a.chip:nth-child(2)`))
	assert.Equal(t, "Manager: Bob Other", b.Text(`[data-filter=manager_id] summary`))
	assert.Equal(t, []string{"Autumn Gamma 01", "Spring Beta 01"}, names(b))
	assert.EqualValues(t, 200, b.Click(`[data-filter=stage] a.chip:nth-of-type(2)`))
	assert.Equal(t, "In Progress", b.Text(`[data-filter=stage] a.chip.active`))
	assert.Equal(t, []string{"Autumn Gamma 01"}, names(b))

	assert.EqualValues(t, 200, b.Click(`td.name a`))
	assert.Equal(t, "/campaigns/"+autumn, b.Path())
	assert.Equal(t, "Autumn Gamma 01", b.Text("h1"))
	assert.Equal(t, "In Progress", b.Text(".banner .stage"))
	assert.Contains(t, b.Text(".card"), "Bob Other")
	assert.Contains(t, b.Texts("#workflow td[data-label=Status]"), "Contacted", "the Workflow card lists the statuses")
}

// TestPrivateCampaignHidden: a user outside a private campaign's team
// finds it neither in the list nor at its URL (404), exactly as in the
// API; its manager and an administrator see it.
func TestPrivateCampaignHidden(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	out := srv.User(t, "Oscar Outsider", password, domain.PrivCampaigns)
	adm := srv.User(t, "Ada Admin", password, domain.PrivAdmin)
	secret := srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Secret Merger Outreach", Priority: "A", ManagerID: ann.ID, Security: "private"})
	srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Open House Outreach", Priority: "B"})

	b := openSignedIn(t, srv, out.Email)
	b.Open("/campaigns?q=outreach")
	assert.Equal(t, []string{"Open House Outreach"}, names(b))
	assert.EqualValues(t, 404, b.Open("/campaigns/"+secret))
	assert.Equal(t, "Not found", b.Text("h1"))
	assert.NotContains(t, b.Text("main"), "Secret")

	for _, who := range []domain.User{ann, adm} {
		b := openSignedIn(t, srv, who.Email)
		b.Open("/campaigns?q=outreach&sort=name")
		assert.Equal(t, []string{"Open House Outreach", "Secret Merger Outreach"}, names(b), who.Name)
		assert.EqualValues(t, 200, b.Open("/campaigns/"+secret), who.Name)
		assert.Equal(t, "Private", b.Text(".card dl div:nth-child(6) dd"), who.Name)
	}
}

// TestAddCampaignDialog: the Add dialog shows each refused field's error
// beside it and keeps what was typed; corrected, it adds the campaign.
func TestAddCampaignDialog(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	b := openSignedIn(t, srv, ann.Email)

	b.Do() // the workspace is open
	assert.False(t, webtest.Eval[bool](b, `document.querySelector("#add-campaign").open`), "the dialog starts closed")
	b.Do(clickNoNav("#add-campaign-button"))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#add-campaign").open`), "Add opens the dialog without a page load")

	b.Fill(map[string]string{"#f-name": "  ", "#f-start_date": "2027-05-01", "#f-end_date": "2027-04-01", "#f-description": "Kept"})
	assert.EqualValues(t, 422, b.Click(`#add-campaign button[type=submit]`))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#add-campaign").open`), "the dialog comes back open")
	assert.Equal(t, "Is required.", b.Text("#add-campaign .field.invalid #e-name"))
	assert.Equal(t, "Must not be before start_date.", b.Text("#add-campaign .field.invalid #e-end_date"))
	assert.Equal(t, "Kept", webtest.Eval[string](b, `document.querySelector("#f-description").value`))
	b.Screenshot("dialog-with-errors")

	b.Fill(map[string]string{"#f-name": "Summer Refinance Push", "#f-end_date": "2027-06-30", "#f-manager_id": ann.ID})
	assert.EqualValues(t, 200, b.Click(`#add-campaign button[type=submit]`))
	assert.Equal(t, "Summer Refinance Push", b.Text("h1"))
	assert.Equal(t, "Campaign “Summer Refinance Push” added.", b.Text(".flash"))
	assert.Contains(t, b.Text(".card"), "Ann Manager")
	assert.Contains(t, b.Text(".card"), "1 May 2027")
	b.Open("/campaigns")
	assert.Empty(t, b.Texts(".flash"), "a flash message shows once")
}
