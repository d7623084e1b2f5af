package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// isOpen reports whether the dialog with this id is open.
func isOpen(b *webtest.Browser, id string) bool {
	return webtest.Eval[bool](b, `!!document.getElementById("`+id+`")?.open`)
}

// TestLeadAddAndConvert: a lead added with a phone that is not valid for
// its country comes back with the error beside the phone and what was
// typed kept; corrected, it is added; converted in B2B mode with an
// opportunity, it shows as Qualified and can be converted no more.
func TestLeadAddAndConvert(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	lee := srv.User(t, "Lee Leads", password, domain.PrivLeads)
	require.NoError(t, srv.Store.SetLeadSettings(t.Context(), true))
	b := openSignedIn(t, srv, lee.Email)
	require.Equal(t, "/leads", b.Path())

	assert.False(t, isOpen(b, "add-lead"), "the dialog starts closed")
	b.Do(clickNoNav("#add-lead-button"))
	assert.True(t, isOpen(b, "add-lead"))
	b.Fill(map[string]string{"#f-first_name": "Ada", "#f-last_name": "Lovelace", "#f-email": "ada" + srv.Suffix,
		"#f-phone_country": "US", "#f-phone": "12345", "#f-sales_concept": "Retirement Income",
		"#f-source_type": "Conference", "#f-position": "Analyst"})
	assert.EqualValues(t, 422, b.Click("#save-lead"))
	assert.True(t, isOpen(b, "add-lead"), "the dialog comes back open")
	assert.Equal(t, "Is not a valid phone number for US (or choose the country Unspecified).", b.Text("#add-lead .field.invalid #e-phone"))
	assert.Equal(t, "Is required in B2B mode.", b.Text("#e-company"), "B2B mode needs the company")
	assert.Equal(t, "Analyst", webtest.Eval[string](b, `document.querySelector("#f-position").value`), "what was typed is kept")
	assert.Equal(t, "US", webtest.Eval[string](b, `document.querySelector("#f-phone_country").value`))
	n, err := srv.Store.ListLeads(t.Context(), leadQueryAll())
	require.NoError(t, err)
	assert.Empty(t, n, "nothing was written")

	b.Fill(map[string]string{"#f-phone": "(201) 555-0123", "#f-company": "Acme Corp"})
	assert.EqualValues(t, 200, b.Click("#save-lead"))
	assert.Equal(t, "Ada Lovelace", b.Text("h1"))
	assert.Equal(t, "Lead “Ada Lovelace” added.", b.Text(".flash"))
	assert.Equal(t, "New", b.Text("#lead-status"))
	assert.Equal(t, "Lee Leads", b.Text("#lead-owner"))
	assert.Contains(t, b.Text(".card"), "+1 201 5550123 (US)", "the phone as + country, area code and number")
	id := strings.TrimPrefix(b.Path(), "/leads/")

	// Convert with an opportunity: a missing description is refused beside its field.
	b.Do(clickNoNav("#lead-actions summary"), clickNoNav("#convert-lead-button"))
	assert.True(t, isOpen(b, "convert-lead"))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#new-company").checked && document.querySelector("#new-company").disabled`),
		"a new company is created with the lead's details")
	b.Do(clickNoNav("#c-opportunity"), clickNoNav("#c-product"))
	b.Fill(map[string]string{"#c-template": "Mortgage"})
	assert.EqualValues(t, 422, b.Click("#convert-submit"))
	assert.True(t, isOpen(b, "convert-lead"))
	assert.Equal(t, "Is required.", b.Text("#e-c-description"))
	assert.Equal(t, "New", b.Text("#lead-status"), "nothing converted")

	b.Fill(map[string]string{"#c-description": "First mortgage for the new office"})
	assert.EqualValues(t, 200, b.Click("#convert-submit"))
	assert.Equal(t, "Qualified", b.Text("#lead-status"))
	assert.Equal(t, "Lead converted: it is now a contact with an opportunity.", b.Text(".flash"))
	assert.Empty(t, b.Texts("#convert-lead-button"), "a qualified lead offers no conversion")
	assert.Empty(t, b.Texts("#edit-lead-button"), "nor an edit")
	assert.Empty(t, b.Texts("#owner-lead-button"), "nor a new owner")

	lid, err := strconv.ParseInt(id, 10, 64)
	require.NoError(t, err)
	l, err := srv.Store.GetLead(t.Context(), lid)
	require.NoError(t, err)
	assert.Equal(t, domain.LeadQualified, l.Status)
	require.NotEmpty(t, l.OpportunityID)
	opp, err := srv.Store.GetConvertedOpportunity(t.Context(), l.OpportunityID)
	require.NoError(t, err)
	assert.Equal(t, "product", opp.Kind)
	assert.Equal(t, "Mortgage", opp.Template)
	co, err := srv.Store.GetCompany(t.Context(), l.CompanyID)
	require.NoError(t, err)
	assert.Equal(t, "Acme Corp", co.Name)

	// The table shows it as Qualified too.
	b.Open("/leads?status=Qualified")
	assert.Equal(t, []string{"Ada Lovelace"}, leadNames(b))
	assert.Equal(t, "Qualified", b.Text(`td[data-label=Status]`))
}

// leadNames are the lead names the table shows.
func leadNames(b *webtest.Browser) []string { return b.Texts("table.table tbody td.name") }

// leadQueryAll selects every lead (the first hundred).
func leadQueryAll() store.LeadQuery { return store.LeadQuery{Limit: 100} }
