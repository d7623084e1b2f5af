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

// versionRow is one row of the Versions tab: its status and the buttons it offers.
func versionRow(b *webtest.Browser, n int) (string, []string) {
	row := fmt.Sprintf(`#versions tr[data-version="%d"]`, n)
	return b.Text(row + " td[data-label=Status]"), b.Texts(row + " button[data-move]")
}

// TestVersionTransitions: each version offers exactly the moves the
// domain allows now; publishing freezes the definition (the notice says
// so) and offers New version, whose Draft becomes current while the older
// version can only be deleted.
func TestVersionTransitions(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	id := srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Versioned Offer", Priority: "A", ManagerID: ann.ID})
	b := openSignedIn(t, srv, ann.Email)
	b.Open("/campaigns/" + id)
	assert.EqualValues(t, 200, b.Click(`.tabs a[href$="/versions"]`))
	assert.Equal(t, "Versions", b.Text(".tabs a.active"))

	status, moves := versionRow(b, 1)
	assert.Equal(t, "Draft", status)
	assert.Equal(t, []string{"Move to Test", "Publish", "Delete"}, moves)
	assert.Empty(t, b.Texts("#frozen-notice"), "a Draft is editable")
	assert.Empty(t, b.Texts("#new-version"), "a Draft is edited in place")

	assert.EqualValues(t, 200, b.Click(`#versions tr[data-version="1"] button[data-move=Test]`))
	assert.Equal(t, "Version 1 is Test.", b.Text(".flash-success"))
	_, moves = versionRow(b, 1)
	assert.Equal(t, []string{"Publish", "Delete"}, moves)

	assert.EqualValues(t, 200, b.Click(`#versions tr[data-version="1"] button[data-move=Published]`))
	status, moves = versionRow(b, 1)
	assert.Equal(t, "Published", status)
	assert.Equal(t, []string{"Sundown", "Delete"}, moves)
	assert.Contains(t, b.Text("#frozen-notice"), "Version 1 is Published: its fields")
	assert.Contains(t, b.Text("#frozen-notice"), "create a new version")

	assert.EqualValues(t, 200, b.Click("#new-version"))
	assert.Equal(t, "Version 2 created as a Draft: it is the current version.", b.Text(".flash-success"))
	status, moves = versionRow(b, 2)
	assert.Equal(t, "Draft", status)
	assert.Equal(t, []string{"Move to Test", "Publish", "Delete"}, moves)
	assert.Contains(t, b.Text(`#versions tr[data-version="2"]`), "(current)")
	_, moves = versionRow(b, 1)
	assert.Equal(t, []string{"Delete"}, moves, "an older version can only be deleted")
	assert.Empty(t, b.Texts("#frozen-notice"), "the current version is a Draft again")

	// The campaign in progress: its last live version cannot be deleted.
	assert.EqualValues(t, 200, b.Click(`#versions tr[data-version="2"] button[data-move=Published]`))
	_, err := srv.App.MoveCampaign(t.Context(), ann, id, domain.StageInProgress)
	require.NoError(t, err)
	b.Open("/campaigns/" + id + "/versions")
	status, moves = versionRow(b, 1)
	assert.Equal(t, "Sundown", status, "publishing version 2 sundowned version 1")
	assert.Equal(t, []string{"Delete"}, moves)
	assert.EqualValues(t, 200, b.Click(`#versions tr[data-version="1"] button[data-move=Deleted]`))
	_, moves = versionRow(b, 2)
	assert.Equal(t, []string{"Sundown"}, moves, "the last live version of a campaign in progress stays")
}

// TestAudiencePreview: the Audience tab saves a Customers audience of a
// group and a status, previews who it selects with the count, lists every
// reason it is not processed yet, refuses a lead filter on a Customers
// audience beside the field, and Run now explains why it cannot run.
func TestAudiencePreview(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	id := srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "VIP Renewals", Priority: "A", ManagerID: ann.ID})
	vip := uuid.NewString()
	require.NoError(t, srv.Store.CreateCustomerGroup(t.Context(), vip, domain.CustomerGroupInput{Name: "VIP Customers"}))
	people := contacts(t, srv, 4)
	for i, status := range []string{domain.CustomerActive, domain.CustomerActive, domain.CustomerInactive, domain.CustomerActive} {
		groups := []string{vip}
		if i == 3 {
			groups = nil // an active customer outside the group
		}
		require.NoError(t, srv.Store.UpdateCustomer(t.Context(), people[i], func(c domain.Customer) (domain.Customer, error) {
			c.Status, c.GroupIDs = status, groups
			c.Normalize()
			return c, c.Validate()
		}))
	}

	b := openSignedIn(t, srv, ann.Email)
	b.Open("/campaigns/" + id + "/audience")
	assert.Contains(t, b.Text("#preview"), "The campaign has no audience")
	assert.Contains(t, b.Texts("#eligibility .reasons li"), "the current version has no audience")

	b.Fill(map[string]string{"#f-type": domain.AudienceCustomers, "#f-customer_group_id": vip, "#f-customer_status": domain.CustomerActive,
		"#lf-lead_filters\\.market_segment": "Mortgages"})
	assert.EqualValues(t, 422, b.Click("#save-audience"))
	assert.Equal(t, "Apply to a Leads audience only.", b.Text(`#audience-form #e-lead_filters`), "beside the lead filters")
	assert.Equal(t, vip, webtest.Eval[string](b, `document.querySelector("#f-customer_group_id").value`), "what was chosen stays")

	b.Fill(map[string]string{"#lf-lead_filters\\.market_segment": ""})
	assert.EqualValues(t, 200, b.Click("#save-audience"))
	assert.Equal(t, "Audience saved: it applies from the next run.", b.Text(".flash-success"))
	assert.Equal(t, "2 contacts match now.", b.Text("#preview-count"), "the active VIP customers")
	assert.Len(t, b.Texts("#preview tbody tr"), 2)
	reasons := b.Texts("#eligibility .reasons li")
	assert.Contains(t, reasons, "the current version (1) is Draft, not Published")
	assert.Contains(t, reasons, "the campaign is planning, not in progress")

	b.Fill(map[string]string{"#f-customer_status": domain.CustomerAll})
	assert.EqualValues(t, 200, b.Click("#save-audience"))
	assert.Equal(t, "3 contacts match now.", b.Text("#preview-count"), "the inactive VIP customer too")

	assert.EqualValues(t, 200, b.Click("#run-audience"))
	assert.Contains(t, b.Text(".flash-error"), "The campaign has no audience schedule yet")
}
