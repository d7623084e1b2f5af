package web_test

import (
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// contactNames are the names the contacts list shows.
func contactNames(b *webtest.Browser) []string { return b.Texts("table.table tbody td.name") }

// TestContactsList: the list is in name order, searched by every word
// against names and emails, paged by keyset; Add shows a refused field's
// error beside it and, corrected, opens the new contact's page.
func TestContactsList(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	u := srv.User(t, "Pat Plain", password)
	for i := range 26 {
		partner(t, srv, fmt.Sprintf("Zed%02d", i), "")
	}
	partner(t, srv, "Anna", "Realtor")
	partner(t, srv, "Annabel", "Lender")
	partner(t, srv, "Bob_x", "")

	b := openSignedIn(t, srv, u.Email)
	assert.EqualValues(t, 200, b.Open("/contacts"))
	assert.Len(t, contactNames(b), 25)
	assert.Equal(t, "Anna Partner", contactNames(b)[0])
	assert.EqualValues(t, 200, b.Click("#next-page"))
	assert.Equal(t, []string{"Zed22 Partner", "Zed23 Partner", "Zed24 Partner", "Zed25 Partner"}, contactNames(b))
	assert.Empty(t, b.Texts("#next-page"))

	b.Open("/contacts")
	b.Fill(map[string]string{`input[name=q]`: "ann partner"})
	assert.EqualValues(t, 200, b.Click(`form.dt-search button`))
	assert.Equal(t, []string{"Anna Partner", "Annabel Partner"}, contactNames(b))
	assert.Equal(t, []string{"Realtor", "Lender"}, b.Texts("td[data-label='Partner type']"))
	b.Open("/contacts?q=example")
	assert.Empty(t, contactNames(b), "a word starts a name or an email; the middle of an email is not searched")
	b.Open("/contacts?q=b_")
	assert.Empty(t, contactNames(b), "_ is a letter, not a wildcard")
	b.Open("/contacts?q=bob_")
	assert.Equal(t, []string{"Bob_x Partner"}, contactNames(b))
	assert.EqualValues(t, 422, b.Open("/contacts?cursor=forged"))

	b.Open("/contacts")
	b.Do(clickNoNav("#add-contact-button"))
	b.Fill(map[string]string{"#f-first_name": "Cleo", "#f-email": "cleo@", "#f-partner_type": "Builder", "#f-tags": "spring, vip"})
	assert.EqualValues(t, 422, b.Click(`#add-contact button[type=submit]`))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#add-contact").open`))
	assert.NotEmpty(t, b.Text("#add-contact #e-email"))
	assert.Equal(t, "Builder", webtest.Eval[string](b, `document.querySelector("#f-partner_type").value`))
	b.Fill(map[string]string{"#f-email": "cleo" + srv.Suffix})
	assert.EqualValues(t, 200, b.Click(`#add-contact button[type=submit]`))
	assert.Equal(t, "Cleo", b.Text("h1"))
	assert.Equal(t, "Contact “Cleo” added.", b.Text(".flash"))
	assert.Contains(t, b.Text(".card"), "spring, vip")
	assert.Empty(t, b.Texts("#customer"), "the customer record needs the campaigns privilege")
	assert.EqualValues(t, 404, b.Open("/contacts/00000000-0000-4000-8000-000000000000"))
	assert.EqualValues(t, 404, b.Open("/contacts/nope"))
}

// TestCustomerGroups (seed 003): groups are added (a refused name shown
// beside its field), customers join them on their contact's page, and a
// group a campaign targets cannot be deleted; another can.
func TestCustomerGroups(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	cam := srv.User(t, "Cam Campaigns", password, domain.PrivCampaigns)
	plain := srv.User(t, "Pat Plain", password)
	ann := partner(t, srv, "Ann", "")

	b := openSignedIn(t, srv, cam.Email)
	assert.EqualValues(t, 200, b.Open("/contacts/customer-groups"))
	b.Do(clickNoNav("#add-group-button"))
	b.Fill(map[string]string{"#add-group #f-name": " "})
	assert.EqualValues(t, 422, b.Click(`#add-group button[type=submit]`))
	assert.Equal(t, "Is required.", b.Text("#add-group #e-name"))
	for _, name := range []string{"VIP Customers", "Wholesale"} {
		b.Open("/contacts/customer-groups?add=1")
		b.Fill(map[string]string{"#add-group #f-name": name, "#add-group #f-description": "Seed 003"})
		assert.EqualValues(t, 200, b.Click(`#add-group button[type=submit]`))
		assert.Equal(t, "Customer group “"+name+"” added.", b.Text(".flash"))
	}
	b.Open("/contacts/customer-groups?add=1")
	b.Fill(map[string]string{"#add-group #f-name": "vip customers"})
	assert.EqualValues(t, 422, b.Click(`#add-group button[type=submit]`))
	assert.Contains(t, b.Text("#add-group .form-error"), "exists already")
	b.Open("/contacts/customer-groups")
	assert.Equal(t, []string{"VIP Customers", "Wholesale"}, b.Texts("table.groups td.name"))
	groups, err := srv.Store.ListCustomerGroups(t.Context())
	require.NoError(t, err)
	vip, wholesale := groups[0].ID, groups[1].ID

	// Edit renames a group.
	assert.EqualValues(t, 200, b.Click(fmt.Sprintf(`tr[data-group="%s"] a.edit`, wholesale)))
	b.Fill(map[string]string{"#edit-group #f-name": "Wholesale Customers"})
	assert.EqualValues(t, 200, b.Click(`#edit-group button[type=submit]`))
	assert.Equal(t, []string{"VIP Customers", "Wholesale Customers"}, b.Texts("table.groups td.name"))

	// A customer joins a group on its page; only a customer belongs to groups.
	b.Open("/contacts/" + ann.ID)
	webtest.Eval[bool](b, fmt.Sprintf(`(() => { document.querySelector("#customer input[value='%s']").checked = true; return true })()`, vip))
	assert.EqualValues(t, 422, b.Click("#save-customer"))
	assert.Contains(t, b.Text("#e-group_ids"), "Only a customer")
	b.Fill(map[string]string{"#customer #f-status": "Active"})
	assert.EqualValues(t, 200, b.Click("#save-customer"))
	assert.Equal(t, "Customer record saved.", b.Text(".flash"))
	assert.Equal(t, "Active", webtest.Eval[string](b, `document.querySelector("#customer #f-status").value`))
	assert.True(t, webtest.Eval[bool](b, fmt.Sprintf(`document.querySelector("#customer input[value='%s']").checked`, vip)))
	b.Open("/contacts?q=ann")
	assert.Equal(t, []string{"Active"}, b.Texts("td[data-label=Customer]"))
	b.Open("/contacts/customer-groups")
	assert.Equal(t, []string{"1", "0"}, b.Texts("td[data-label=Customers]"))

	// Targeted by a campaign, a group cannot be deleted.
	camp := srv.Campaign(t, cam.ID, domain.CampaignInput{Name: "VIP renewals", Priority: "A", ManagerID: cam.ID})
	require.NoError(t, srv.Store.SetVersionAudience(t.Context(), camp, domain.Audience{Type: domain.AudienceCustomers,
		CustomerGroupID: vip, SendTo: domain.SendToAll, CustomerStatus: domain.CustomerActive}))
	assert.EqualValues(t, 200, b.Click(fmt.Sprintf(`tr[data-group="%s"] button[data-op=Delete]`, vip)))
	assert.Equal(t, "The group is the audience of campaign VIP renewals: change their audience first.", b.Text(".flash-error"))
	assert.Equal(t, []string{"VIP Customers", "Wholesale Customers"}, b.Texts("table.groups td.name"))
	assert.EqualValues(t, 200, b.Click(fmt.Sprintf(`tr[data-group="%s"] button[data-op=Delete]`, wholesale)))
	assert.Equal(t, "Customer group “Wholesale Customers” deleted.", b.Text(".flash"))
	assert.Equal(t, []string{"VIP Customers"}, b.Texts("table.groups td.name"))

	// Without the campaigns privilege: no groups page, no customer card.
	p := openSignedIn(t, srv, plain.Email)
	assert.EqualValues(t, 403, p.Open("/contacts/customer-groups"))
	p.Open("/contacts/" + ann.ID)
	assert.Empty(t, p.Texts("#customer"))
	assert.NotContains(t, p.Texts(".tabs a"), "Customer groups")
}

// TestDripCampaignDefinitions: a marketer creates a drip campaign with its
// steps (a bad field shown beside it, a step added and one removed), edits
// it, and cannot delete it while it runs for a partner.
func TestDripCampaignDefinitions(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	mia := srv.User(t, "Mia Marketer", password, domain.PrivMarketing)
	ann := partner(t, srv, "Ann", "")
	b := openSignedIn(t, srv, mia.Email)

	assert.EqualValues(t, 200, b.Open("/contacts/drip-campaigns"))
	assert.EqualValues(t, 200, b.Click("#new-drip-button"))
	b.Fill(map[string]string{"#f-name": "Realtor welcome", "[name='trigger.partner_type']": "Realtor",
		"[name='sender.from_address']": "not-an-address", "[name='steps[0].name']": "Welcome"})
	assert.EqualValues(t, 200, b.Click("#add-step"), "Add step shows one more blank step")
	assert.Len(t, b.Texts("fieldset.step-editor"), 2)
	assert.Equal(t, "Welcome", webtest.Eval[string](b, `document.querySelector("[name='steps[0].name']").value`), "what was typed is kept")
	b.Fill(map[string]string{"[name='steps[1].name']": "Call", "[name='steps[1].action']": "task", "[name='steps[1].offset_days']": "-1"})
	assert.EqualValues(t, 422, b.Click("#save-drip"))
	assert.Equal(t, "Must be from 0 to 3650.", b.Text(`[id="e-steps[1].offset_days"]`))
	b.Fill(map[string]string{"[name='steps[1].offset_days']": "2"})
	assert.EqualValues(t, 422, b.Click("#save-drip"))
	assert.Equal(t, "An email needs a subject.", b.Text(`[id="e-steps[0].subject"]`))
	assert.NotEmpty(t, b.Text(`[id="e-sender.from_address"]`))
	assert.Equal(t, "A task needs a subject.", b.Text(`[id="e-steps[1].subject"]`))
	b.Fill(map[string]string{"[name='sender.from_address']": "", "[name='steps[0].subject']": "Hello {{nameFirst}}",
		"[name='steps[0].body']": "Welcome aboard", "[name='steps[1].subject']": "Call {{nameFirst}}"})
	assert.EqualValues(t, 200, b.Click("#save-drip"))
	assert.Equal(t, "Drip campaign “Realtor welcome” saved.", b.Text(".flash"))
	list, err := srv.Store.ListDripCampaigns(t.Context())
	require.NoError(t, err)
	require.Len(t, list, 1)
	d := list[0]
	assert.Equal(t, "Realtor", d.Trigger.PartnerType)
	require.Len(t, d.Steps, 2)
	assert.Equal(t, domain.DripStep{Name: "Call", OffsetDays: 2, Action: domain.DripTask, Subject: "Call {{nameFirst}}"}, d.Steps[1])

	// Edit: remove the first step.
	b.Open("/contacts/drip-campaigns/" + d.ID)
	webtest.Eval[bool](b, `(() => { document.querySelector("[name='steps[0].remove']").checked = true; return true })()`)
	assert.EqualValues(t, 200, b.Click("#save-drip"))
	d, err = srv.Store.GetDripCampaign(t.Context(), d.ID)
	require.NoError(t, err)
	require.Len(t, d.Steps, 1)
	assert.Equal(t, "Call", d.Steps[0].Name)
	b.Open("/contacts/drip-campaigns")
	assert.Equal(t, []string{"Realtor welcome"}, b.Texts("table.drip-campaigns td.name"))
	assert.Equal(t, []string{"Partner type = Realtor"}, b.Texts("td[data-label=Trigger]"))

	assert.EqualValues(t, 404, b.Open("/contacts/drip-campaigns/00000000-0000-4000-8000-000000000000"))

	// Running for a partner, it cannot be deleted.
	b.Open("/contacts/" + ann.ID + "?tab=campaigns&start=1")
	b.Fill(map[string]string{"#f-campaign_id": d.ID})
	assert.EqualValues(t, 200, b.Click(`#start-campaign button[type=submit]`))
	b.Open("/contacts/drip-campaigns")
	assert.EqualValues(t, 200, b.Click("button[data-op=Delete]"))
	assert.Contains(t, b.Text(".flash-error"), "still runs for some contacts")
	assert.Equal(t, []string{"Realtor welcome"}, b.Texts("table.drip-campaigns td.name"))
}

// TestContactPagesOnAPhone: at 390 px no page of the workspace scrolls
// sideways, however long the names.
func TestContactPagesOnAPhone(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	adm := srv.User(t, "Ada Administrator", password, domain.PrivAdmin)
	long := "Partnerwithaverylongname"
	welcome := dripCampaign(t, srv, "Welcome series for realtors and their long lists of steps", nil, emailStep("Welcome with a long subject line", 0), emailStep("Later", 10))
	ann := partner(t, srv, long+long, "Realtor of a rather long kind")
	b := openSignedIn(t, srv, adm.Email)
	b.Open("/contacts/" + ann.ID + "?tab=campaigns&start=1")
	b.Fill(map[string]string{"#f-campaign_id": welcome})
	assert.EqualValues(t, 200, b.Click(`#start-campaign button[type=submit]`))
	require.NoError(t, srv.Store.CreateCustomerGroup(t.Context(), uuid.NewString(), domain.CustomerGroupInput{Name: long + long + long, Description: long}))

	b.Width(390)
	for _, path := range []string{"/contacts", "/contacts?add=1", "/contacts/" + ann.ID, "/contacts/" + ann.ID + "?edit=1",
		"/contacts/" + ann.ID + "?tab=campaigns", "/contacts/" + ann.ID + "?tab=campaigns&start=1", "/contacts/" + ann.ID + "/drips/" + welcome,
		"/contacts/customer-groups", "/contacts/customer-groups?add=1", "/contacts/drip-campaigns",
		"/contacts/drip-campaigns/new", "/contacts/drip-campaigns/" + welcome} {
		assert.EqualValues(t, 200, b.Open(path), path)
		assert.LessOrEqual(t, webtest.Eval[int](b, `document.documentElement.scrollWidth`), 390, "%s scrolls sideways", path)
	}
}
