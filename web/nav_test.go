package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// TestNavFollowsPrivileges: the navigation bar lists only the workspaces
// the user's privileges allow, and the others' URLs answer 403.
func TestNavFollowsPrivileges(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	camp := srv.User(t, "Cam Campaigns", password, domain.PrivCampaigns)
	lead := srv.User(t, "Lee Leads", password, domain.PrivLeads)
	adm := srv.User(t, "Ada Admin", password, domain.PrivAdmin)
	all := []string{"Campaigns", "Leads", "Contacts & Partners", "Batch Processes", "Administration"}

	for _, tc := range []struct {
		user      domain.User
		home      string
		nav       []string
		forbidden []string
	}{
		{camp, "/campaigns", []string{"Campaigns", "Contacts & Partners", "Batch Processes"}, []string{"/leads", "/admin"}},
		{lead, "/leads", []string{"Leads", "Contacts & Partners", "Batch Processes"}, []string{"/campaigns", "/campaigns/" + domain.DefaultTemplateID, "/admin"}},
		{adm, "/campaigns", all, nil},
	} {
		b := openSignedIn(t, srv, tc.user.Email)
		assert.Equal(t, tc.home, b.Path(), "%s lands on the first workspace they may use", tc.user.Name)
		assert.Equal(t, tc.nav, b.Texts("nav.nav a"), tc.user.Name)
		for _, path := range tc.forbidden {
			assert.EqualValues(t, 403, b.Open(path), "%s opens %s", tc.user.Name, path)
			assert.Equal(t, "Not allowed", b.Text("h1"))
		}
		for _, item := range tc.nav {
			path := map[string]string{"Campaigns": "/campaigns", "Leads": "/leads", "Contacts & Partners": "/contacts",
				"Batch Processes": "/batch-processes", "Administration": "/admin"}[item]
			assert.EqualValues(t, 200, b.Open(path), "%s opens %s", tc.user.Name, path)
			assert.Equal(t, item, b.Text("nav.nav a.active"))
		}
		if tc.user.ID == lead.ID {
			b.Open("/contacts")
			assert.Empty(t, b.Texts("#add-campaign-button"), "no Add button outside the workspace")
		}
	}
}

// TestNarrowScreen: at 390 px (a phone) no page scrolls sideways, however
// long the names, and the table becomes labelled cards; at 1280 px the
// table shows its headers.
func TestNarrowScreen(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	adm := srv.User(t, "Ada Administrator With A Rather Long Name", password, domain.PrivAdmin)
	id := ""
	for i := range 6 {
		id = srv.Campaign(t, adm.ID, domain.CampaignInput{Name: fmt.Sprintf("Campaign%02d%s", i, strings.Repeat("Long", 12)),
			Priority: "A", ManagerID: adm.ID, Description: strings.Repeat("Words without end ", 20)})
	}
	b := openSignedIn(t, srv, adm.Email)
	assert.True(t, webtest.Eval[bool](b, `getComputedStyle(document.querySelector("table.table thead")).display !== "none"`),
		"at 1280 px the table has its header row")
	b.Screenshot("campaigns-1280")

	b.Width(390)
	for _, path := range []string{"/campaigns", "/campaigns?add=1", "/campaigns/" + id, "/campaigns/" + id + "?tab=workflow", "/contacts"} {
		b.Open(path)
		assert.Equal(t, 390, webtest.Eval[int](b, `window.innerWidth`), path)
		assert.LessOrEqual(t, webtest.Eval[int](b, `document.documentElement.scrollWidth`), 390, "%s scrolls sideways", path)
	}
	b.Open("/campaigns")
	assert.Equal(t, "none", webtest.Eval[string](b, `getComputedStyle(document.querySelector("table.table thead")).display`))
	assert.Equal(t, "Manager", webtest.Eval[string](b, `getComputedStyle(document.querySelector("td[data-label=Manager]"), "::before").content.replaceAll('"', '')`),
		"each value is labelled")
	assert.NotEmpty(t, b.Texts(".sorts a.chip"), "sorting stays reachable without the header row")
	b.Screenshot("campaigns-390")
	b.Open("/login") // signed in: goes on to the workspace
	b.Click("#sign-out")
	assert.LessOrEqual(t, webtest.Eval[int](b, `document.documentElement.scrollWidth`), 390, "the sign-in page")
}
