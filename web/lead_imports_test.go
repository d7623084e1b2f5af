package web_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// rowState is the State cell of a staged row.
func rowState(b *webtest.Browser, row string) string {
	return b.Text(`#row-` + row + ` td[data-label=State]`)
}

// TestLeadImportWizard: an uploaded CSV is staged for review; a row that
// matches an existing lead shows as a duplicate with a link to it, a row
// with an error shows it and is corrected in place; completing imports the
// good rows, skips the duplicate, and the page follows the batch to the end.
func TestLeadImportWizard(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	lee := srv.User(t, "Lee Leads", password, domain.PrivLeads)
	grace := srv.Lead(t, lee, domain.LeadInput{FirstName: "Grace", LastName: "Hopper", Email: "grace" + srv.Suffix,
		SalesConcept: "General Interest", SourceType: "Conference"})
	csv := "first_name,last_name,email,sales_concept,source_type,consent_to_contact\n" +
		"Grace,Hopper,GRACE" + srv.Suffix + ",General Interest,Conference,yes\n" +
		"Alan,Turing,alan-at-nowhere,Retirement Income,Web,yes\n" +
		"Katherine,Johnson,katherine" + srv.Suffix + ",Mortgage Needs,Referral,no\n"
	file := filepath.Join(t.TempDir(), "conference.csv")
	require.NoError(t, os.WriteFile(file, []byte(csv), 0o600))

	b := openSignedIn(t, srv, lee.Email)
	chartsLoaded(t, b)
	assert.EqualValues(t, 200, b.Click("#import-leads"))
	assert.EqualValues(t, 422, b.Click("#upload-submit"), "no file chosen")
	assert.Equal(t, "Choose a CSV file to upload.", b.Text("#e-file"))
	b.Upload("#f-file", file)
	assert.EqualValues(t, 200, b.Click("#upload-submit"))
	assert.Equal(t, "Import conference.csv", b.Text("h1"))
	assert.Equal(t, "3 rows staged: review them, then complete the import.", b.Text(".flash"))
	assert.Equal(t, "staged", b.Text("#import-status"))
	assert.Equal(t, "3", b.Text("#count-rows"))
	assert.Equal(t, "1", b.Text("#count-invalid"))
	assert.Equal(t, "1", b.Text("#count-duplicates"))
	assert.Contains(t, rowState(b, "1"), "duplicate")
	assert.Contains(t, b.Text("#row-1 .row-matches"), "same email")
	assert.Equal(t, "/leads/"+itoa(grace.ID), webtest.Eval[string](b, `document.querySelector("#row-1 .row-matches a").getAttribute("href")`),
		"the match links to the existing lead")
	assert.Contains(t, b.Text("#row-2 .row-errors"), "email")

	// Correct row 2 in place.
	webtest.Eval[bool](b, `(() => { document.querySelector("#row-2 details").open = true; return true })()`)
	assert.Equal(t, "Is not an email address (local@domain).", strings.TrimSpace(b.Text("#row-2 .field.invalid .field-error")))
	b.Fill(map[string]string{"#r2-email": "alan" + srv.Suffix})
	assert.EqualValues(t, 200, b.Click("#row-2 .row-form button[type=submit]"))
	assert.Equal(t, "Row 2 saved.", b.Text(".flash"))
	assert.Equal(t, "0", b.Text("#count-invalid"))
	assert.Empty(t, b.Text("#row-2 .row-errors"))

	assert.EqualValues(t, 200, b.Click("#complete-import"))
	counts := waitForBatch(t, b)
	assert.Equal(t, map[string]string{"done": "3", "total": "3", "succeeded": "2", "failed": "0", "skipped": "1"}, counts)
	assert.Equal(t, "completed", b.Text("#import-status"))
	assert.Equal(t, "2", b.Text("#count-imported"))
	assert.Contains(t, rowState(b, "1"), "skipped")
	assert.Contains(t, rowState(b, "1"), "duplicate of lead "+itoa(grace.ID))
	assert.Contains(t, rowState(b, "2"), "imported")
	assert.Empty(t, b.Texts("#complete-import"), "a completed import cannot be completed again")

	b.Open("/leads?sort=first_name")
	assert.Equal(t, []string{"Alan Turing", "Grace Hopper", "Katherine Johnson"}, leadNames(b), "Grace was not imported twice")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
