package web_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// TestOpportunitiesTab: an opportunity is edited in its dialog, a refused
// value shown beside its field and nothing written; a locked one shows why
// it cannot be edited and offers no form, and a forced post is refused
// with that reason.
func TestOpportunitiesTab(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	f := newTabs(t, srv, 2, domain.CampaignInput{})
	open, locked := uuid.NewString(), uuid.NewString()
	for _, o := range []struct {
		id, contact, desc string
		locked            bool
	}{{open, f.contacts[0], "Mortgage renewal", false}, {locked, f.contacts[1], "Pension transfer", true}} {
		_, err := srv.Store.Pool().Exec(t.Context(), `INSERT INTO opportunities (id, contact_id, campaign_id, description, expected_revenue, locked)
			VALUES ($1, $2, $3, $4, 1000, $5)`, o.id, o.contact, f.id, o.desc, o.locked)
		require.NoError(t, err)
	}

	b := openSignedIn(t, srv, f.manager.Email)
	assert.EqualValues(t, 200, b.Open(f.path("opportunities")))
	assert.Equal(t, "Opportunities", b.Text(".tabs a.active"))
	assert.ElementsMatch(t, []string{"First00 Last00", "First01 Last01"}, rowNames(b))
	lockedRow := `tr[data-opportunity="` + locked + `"]`
	assert.Empty(t, b.Texts(lockedRow+" a.edit"), "a locked opportunity has no Edit link")
	reason := "the opportunity is locked while a business process is in progress: it can be edited once an administrator unlocks it"
	assert.Equal(t, "Locked: "+reason, b.Text(lockedRow+" .locked"))

	assert.EqualValues(t, 200, b.Click(`tr[data-opportunity="`+open+`"] a.edit`))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#edit-opportunity").open`))
	assert.Equal(t, "Mortgage renewal", webtest.Eval[string](b, `document.querySelector("#f-description").value`))
	b.Fill(map[string]string{"#f-stage": "Proposal", "#f-expected_revenue": "lots", "#f-probability": "101"})
	assert.EqualValues(t, 422, b.Click("#save-opportunity"))
	assert.Equal(t, "Must be a number.", b.Text("#e-expected_revenue"))
	assert.Equal(t, "Must be from 0 to 100.", b.Text("#e-probability"))
	assert.Equal(t, "lots", webtest.Eval[string](b, `document.querySelector("#f-expected_revenue").value`), "what was typed stays")
	o, err := srv.Store.GetOpportunity(t.Context(), open)
	require.NoError(t, err)
	assert.Equal(t, "Prospecting", o.Stage, "a refused edit writes nothing")

	b.Fill(map[string]string{"#f-expected_revenue": "2500.50", "#f-probability": "60", "#f-close_date": "2027-03-31"})
	assert.EqualValues(t, 200, b.Click("#save-opportunity"))
	assert.Equal(t, "Opportunity “Mortgage renewal” saved.", b.Text(".flash"))
	row := `tr[data-opportunity="` + open + `"]`
	assert.Equal(t, "Proposal", b.Text(row+" td[data-label=Stage]"))
	assert.Equal(t, "2500.50", b.Text(row+" td[data-label='Expected revenue']"))
	assert.Equal(t, "31 Mar 2027", b.Text(row+" td[data-label='Close date']"))

	// The locked one: its dialog says why and has no form.
	assert.EqualValues(t, 200, b.Open(f.path("opportunities?edit="+locked)))
	assert.Equal(t, "This opportunity cannot be edited: "+reason+".", b.Text("#locked-reason"))
	assert.Empty(t, b.Texts("#edit-opportunity form"))
	// A forced post of the form is refused with the same reason.
	webtest.Eval[bool](b, `(() => { const f = document.createElement("form"); f.method = "post";
		f.action = location.pathname + "/`+locked+`";
		for (const [k, v] of [["csrf_token", document.querySelector("input[name=csrf_token]").value], ["description", "x"], ["stage", "Proposal"],
			["expected_revenue", "1"], ["probability", "1"], ["close_date", ""]]) { const i = document.createElement("input"); i.type = "hidden"; i.name = k; i.value = v; f.append(i) }
		const go = document.createElement("button"); go.id = "forced"; go.textContent = "Save anyway"; f.append(go);
		document.querySelector("#edit-opportunity").append(f); return true })()`)
	assert.EqualValues(t, 200, b.Click("#forced"))
	assert.Equal(t, reason, b.Text(".flash"))
	o, err = srv.Store.GetOpportunity(t.Context(), locked)
	require.NoError(t, err)
	assert.Equal(t, "Pension transfer", o.Description)
}
