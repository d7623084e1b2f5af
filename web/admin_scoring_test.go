package web_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// TestLeadScoringPage: a rule added on the page changes the score of the
// leads it matches (read back from the store), an edit and a delete
// rescore them again; a refused rule shows its error beside the field and
// adds nothing. B2B mode is switched on and off.
func TestLeadScoringPage(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	adm := srv.User(t, "Ada Admin", password, domain.PrivAdmin)
	yes := true
	in, err := domain.LeadInput{FirstName: "Lena", LastName: "Lead", Email: "lena" + srv.Suffix, SalesConcept: "Mortgage Needs",
		SourceType: "Conference", ConsentToContact: &yes}.Normalize(false)
	require.NoError(t, err)
	lead, err := srv.Store.CreateLead(t.Context(), in, adm, "")
	require.NoError(t, err)
	require.Zero(t, lead.Score)
	score := func() int {
		l, err := srv.Store.GetLead(t.Context(), lead.ID)
		require.NoError(t, err)
		return l.Score
	}

	b := openSignedIn(t, srv, adm.Email)
	b.Open("/admin/lead-scoring")
	assert.Equal(t, "Lead scoring", b.Text(".tabs a.active"))
	assert.Equal(t, []string{"No scoring rules: every lead scores 0."}, b.Texts("#rules tbody tr"))

	b.Do(clickNoNav("#add-rule"))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#rule-dialog").open`), "Add opens the dialog")
	b.Fill(fields("field", "source_type", "operator", "equals", "value", " ", "points", "15"))
	assert.EqualValues(t, 422, b.Click("#save-rule"))
	assert.Equal(t, "Is required for equals.", errorBeside(b, "value"))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#rule-dialog").open`), "the dialog comes back open")
	assert.Equal(t, "15", valueOf(b, "points"), "what was typed stays")
	b.Fill(fields("points", ""))
	b.Fill(fields("value", "conference"))
	assert.EqualValues(t, 422, b.Click("#save-rule"))
	assert.Equal(t, "Is required.", errorBeside(b, "points"))
	rules, err := srv.Store.ListScoringRules(t.Context())
	require.NoError(t, err)
	assert.Empty(t, rules, "refused rules add nothing")

	b.Fill(fields("points", "15"))
	assert.EqualValues(t, 200, b.Click("#save-rule"))
	assert.Contains(t, b.Text(".flash"), "Lead scores are up to date")
	assert.Equal(t, []string{"15"}, b.Texts("#rules td.points"))
	assert.Equal(t, 15, score(), "the rule scores the matching lead")

	assert.EqualValues(t, 200, b.Click("#rules .edit-rule"))
	assert.Equal(t, "source_type", valueOf(b, "field"), "the edit dialog shows the rule")
	b.Fill(fields("points", "25"))
	assert.EqualValues(t, 200, b.Click("#save-rule"))
	assert.Equal(t, 25, score())

	assert.EqualValues(t, 200, b.Click("#rules .delete-rule"))
	assert.Equal(t, "Scoring rule deleted. Lead scores are up to date.", b.Text(".flash"))
	assert.Equal(t, 0, score())

	assert.False(t, webtest.Eval[bool](b, `document.querySelector("#f-b2b_mode").checked`))
	webtest.Eval[bool](b, `(() => { document.querySelector("#f-b2b_mode").checked = true; return true })()`)
	assert.EqualValues(t, 200, b.Click("#save-settings"))
	assert.Contains(t, b.Text(".flash"), "B2B mode is on")
	b2b, err := srv.Store.LeadSettings(t.Context())
	require.NoError(t, err)
	assert.True(t, b2b)
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#f-b2b_mode").checked`))
	webtest.Eval[bool](b, `(() => { document.querySelector("#f-b2b_mode").checked = false; return true })()`)
	assert.EqualValues(t, 200, b.Click("#save-settings"))
	b2b, err = srv.Store.LeadSettings(t.Context())
	require.NoError(t, err)
	assert.False(t, b2b, "an unticked box turns B2B mode off")
}
