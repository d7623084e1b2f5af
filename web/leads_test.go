package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
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
	chartsLoaded(t, b)

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

// chartsLoaded waits until the workspace's charts have come (they arrive
// after the page and move what is below them, so a click waits for them).
func chartsLoaded(t *testing.T, b *webtest.Browser) {
	t.Helper()
	workertest.Eventually(t, 15*time.Second, func() (bool, string) {
		return webtest.Eval[bool](b, `!!document.querySelector("#charts-loaded")`), "the charts have not come"
	})
}

// openLeads opens a page of the workspace and waits for its charts.
func openLeads(t *testing.T, b *webtest.Browser, path string) {
	t.Helper()
	require.EqualValues(t, 200, b.Open(path), path)
	chartsLoaded(t, b)
}

// leadNames are the lead names the table shows.
func leadNames(b *webtest.Browser) []string { return b.Texts("table.table tbody td.name") }

// leadQueryAll selects every lead (the first hundred).
func leadQueryAll() store.LeadQuery { return store.LeadQuery{Limit: 100} }

// clickChip clicks the filter chip with this label in the filter of param
// (opening a drop-down filter first) and waits for the table.
func clickChip(t *testing.T, b *webtest.Browser, param, label string) {
	t.Helper()
	ok := webtest.Eval[bool](b, fmt.Sprintf(`(() => {
		const g = document.querySelector('[data-filter=%q]'); if (!g) return false;
		if (g.tagName === "DETAILS") g.open = true;
		const a = Array.from(g.querySelectorAll("a.chip")).find(a => a.innerText.trim() === %q); if (!a) return false;
		document.querySelectorAll("#chip-target").forEach(e => e.removeAttribute("id"));
		a.id = "chip-target"; return true })()`, param, label))
	require.True(t, ok, "no chip %q in the filter %s", label, param)
	require.EqualValues(t, 200, b.Click("#chip-target"))
	chartsLoaded(t, b)
}

// TestLeadFilters: My Leads are the ones I created, My Recently Added the
// New or Qualifying ones I own created in the last 7 days, Stale the ones
// I own not edited for 7 days and neither Qualified nor Archived; chips
// narrow any of them, and the search field finds names.
func TestLeadFilters(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	lee := srv.User(t, "Lee Leads", password, domain.PrivLeads)
	sam := srv.User(t, "Sam Seller", password, domain.PrivLeads)
	mk := func(creator domain.User, first, sourceType string) domain.Lead {
		return srv.Lead(t, creator, domain.LeadInput{FirstName: first, LastName: "Tester", Email: strings.ToLower(first) + srv.Suffix,
			SalesConcept: "General Interest", SourceType: sourceType})
	}
	recentMine := mk(lee, "Amy", "Conference")
	recentOwned := mk(sam, "Ben", "Conference")
	staleMine := mk(lee, "Cal", "Conference")
	qualified := mk(sam, "Dee", "Conference")
	notMine := mk(sam, "Eve", "Conference")
	vendor := mk(lee, "Fay", "Vendor List")
	db := srv.Store.Pool()
	exec := func(sql string, args ...any) {
		_, err := db.Exec(t.Context(), sql, args...)
		require.NoError(t, err)
	}
	exec("UPDATE leads SET owner_id = $1 WHERE id = ANY($2)", lee.ID, []int64{recentOwned.ID, qualified.ID})
	exec("UPDATE leads SET owner_id = $1 WHERE id = $2", sam.ID, vendor.ID)
	exec("UPDATE leads SET status = 'Qualifying' WHERE id = $1", recentOwned.ID)
	exec("UPDATE leads SET status = 'Qualified' WHERE id = $1", qualified.ID)
	exec("UPDATE leads SET created_at = now() - interval '30 days', updated_at = now() - interval '20 days' WHERE id = ANY($1)",
		[]int64{staleMine.ID, qualified.ID, notMine.ID})
	_ = recentMine

	b := openSignedIn(t, srv, lee.Email)
	openLeads(t, b, "/leads?sort=first_name")
	assert.Equal(t, []string{"Amy Tester", "Ben Tester", "Cal Tester", "Dee Tester", "Eve Tester", "Fay Tester"}, leadNames(b))
	assert.Equal(t, "All Leads", b.Text(`[data-filter=filter] a.chip.active`))

	clickChip(t, b, "filter", "My Leads")
	assert.Equal(t, []string{"Amy Tester", "Cal Tester", "Fay Tester"}, leadNames(b), "the leads I created")
	clickChip(t, b, "filter", "My Recently Added Leads")
	assert.Equal(t, []string{"Amy Tester", "Ben Tester"}, leadNames(b), "New or Qualifying, mine, added this week")
	clickChip(t, b, "filter", "Stale Leads")
	assert.Equal(t, []string{"Cal Tester"}, leadNames(b), "mine, not edited for a week, still open")
	assert.Equal(t, "Stale Leads", b.Text(`[data-filter=filter] a.chip.active`))

	clickChip(t, b, "filter", "My Leads")
	clickChip(t, b, "source_type", "Vendor List")
	assert.Equal(t, []string{"Fay Tester"}, leadNames(b), "a chip narrows the filter")
	assert.Equal(t, "Source Type: Vendor List", b.Text(`[data-filter=source_type] summary`))
	clickChip(t, b, "source_type", "Vendor List")
	assert.Equal(t, []string{"Amy Tester", "Cal Tester", "Fay Tester"}, leadNames(b), "choosing the chip again removes it")

	clickChip(t, b, "filter", "All Leads")
	clickChip(t, b, "status", "Qualified")
	assert.Equal(t, []string{"Dee Tester"}, leadNames(b))
	clickChip(t, b, "status", "Qualified")
	clickChip(t, b, "owner", "Sam Seller")
	assert.Equal(t, []string{"Eve Tester", "Fay Tester"}, leadNames(b), "the Owner chip")

	openLeads(t, b, "/leads?sort=first_name")
	b.Fill(map[string]string{`input[name=q]`: "cal test"})
	assert.EqualValues(t, 200, b.Click(`form.dt-search button`))
	chartsLoaded(t, b)
	assert.Equal(t, []string{"Cal Tester"}, leadNames(b), "every word of the search matches a name")
	assert.EqualValues(t, 422, b.Open("/leads?filter=someone"), "an unknown filter is refused")
}

// headers are the table's column headers.
func headers(b *webtest.Browser) []string { return b.Texts("table.table thead th") }

// TestLeadColumnsAndExport: the column chooser changes the table's columns
// and is remembered for the user; Export with Visible Columns downloads the
// table's leads with exactly the columns shown, All Columns with every one.
func TestLeadColumnsAndExport(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	lee := srv.User(t, "Lee Leads", password, domain.PrivLeads)
	for _, n := range []string{"Gus", "Hal"} {
		srv.Lead(t, lee, domain.LeadInput{FirstName: n, LastName: "Exporter", Company: n + " & Co", Email: strings.ToLower(n) + srv.Suffix,
			SalesConcept: "Mortgage Needs", SourceType: "Web"})
	}
	srv.Lead(t, lee, domain.LeadInput{FirstName: "Ivy", LastName: "Other", Email: "ivy" + srv.Suffix, SalesConcept: "Mortgage Needs", SourceType: "Web"})
	b := openSignedIn(t, srv, lee.Email)
	chartsLoaded(t, b)
	assert.Equal(t, []string{"", "Name", "Lead ID", "Score", "Market Segment", "Sales Concept", "Source Type", "Status", "Owner", "Created By"},
		headers(b), "the default columns")

	b.Do(clickNoNav("#columns-button"))
	require.True(t, isOpen(b, "lead-columns"))
	for _, col := range []string{"market_segment", "sales_concept", "created_by"} {
		b.Do(clickNoNav(`#lead-columns input[value=` + col + `]`)) // off
	}
	b.Do(clickNoNav(`#lead-columns input[value=company]`), clickNoNav(`#lead-columns input[value=email]`))
	assert.EqualValues(t, 200, b.Click("#save-columns"))
	chartsLoaded(t, b)
	want := []string{"", "Name", "Lead ID", "Score", "Source Type", "Status", "Owner", "Company", "Email"}
	assert.Equal(t, want, headers(b))
	assert.Contains(t, b.Texts(`td[data-label=Company]`), "Gus & Co")

	b.Open("/leads/imports/new")
	openLeads(t, b, "/leads?q=exporter")
	assert.Equal(t, want, headers(b), "the choice is remembered")
	assert.Len(t, leadNames(b), 2)

	b.Do(clickNoNav("#export-button"))
	require.True(t, isOpen(b, "lead-export"))
	csv := string(b.Download("#export-csv"))
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	assert.Equal(t, "id,first_name,last_name,score,source_type,status,owner_id,company,email", lines[0], "the visible columns")
	require.Len(t, lines, 3, "the table's leads only: the search applies")
	assert.Contains(t, csv, "Gus & Co")
	assert.NotContains(t, csv, "Ivy")

	openLeads(t, b, "/leads?q=exporter")
	b.Do(clickNoNav("#export-button"), clickNoNav(`#lead-export input[value=all]`))
	all := strings.Split(strings.TrimSpace(string(b.Download("#export-csv"))), "\n")
	assert.Len(t, strings.Split(all[0], ","), 28, "every column")
	assert.True(t, strings.HasPrefix(all[0], "id,first_name,last_name,score,market_segment,sales_concept,source_type,status,owner_id,created_by,company"), all[0])

	// Another user of the same browser starts from the default columns.
	sam := srv.User(t, "Sam Seller", password, domain.PrivLeads)
	openLeads(t, b, "/leads")
	b.Click("#sign-out")
	require.EqualValues(t, 200, signIn(t, b, sam.Email, password))
	assert.Equal(t, []string{"", "Name", "Lead ID", "Score", "Market Segment", "Sales Concept", "Source Type", "Status", "Owner", "Created By"}, headers(b))
}

// tick ticks the table's checkbox of a lead.
func tick(b *webtest.Browser, id int64) {
	b.Do(clickNoNav(fmt.Sprintf(`input[name=lead_ids][value="%d"]`, id)))
}

// batchCounts reads the counts of a batch's progress ("3 of 3 done · 2
// succeeded · 1 failed · 0 skipped").
var batchCounts = regexp.MustCompile(`(\d+) of (\d+) done · (\d+) succeeded · (\d+) failed · (\d+) skipped`)

// waitForBatch waits until the batch's progress on the page (which keeps
// itself current while the batch runs) shows the batch ended, and returns
// its counts.
func waitForBatch(t *testing.T, b *webtest.Browser) map[string]string {
	t.Helper()
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		status := b.Text("#batch-status")
		return status == "completed" || status == "failed", status + ": " + b.Text("#batch-progress .counts")
	})
	m := batchCounts.FindStringSubmatch(b.Text("#batch-progress .counts"))
	require.NotNil(t, m, b.Text("#batch-progress .counts"))
	return map[string]string{"done": m[1], "total": m[2], "succeeded": m[3], "failed": m[4], "skipped": m[5]}
}

// TestLeadBatchActions: leads ticked in the table get a new owner in one
// batch process whose page follows its progress to the end with each
// lead's result (a qualified lead keeps its owner); a batch email to the
// ticked leads merges their tokens and carries the uploaded file.
func TestLeadBatchActions(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	lee := srv.User(t, "Lee Leads", password, domain.PrivLeads)
	sam := srv.User(t, "Sam Seller", password, domain.PrivLeads)
	var ids []int64
	for _, n := range []string{"Jon", "Kim", "Liz"} {
		ids = append(ids, srv.Lead(t, lee, domain.LeadInput{FirstName: n, LastName: "Batch", Email: strings.ToLower(n) + srv.Suffix,
			SalesConcept: "General Interest", SourceType: "Web"}).ID)
	}
	_, err := srv.Store.Pool().Exec(t.Context(), "UPDATE leads SET status = 'Qualified' WHERE id = $1", ids[2])
	require.NoError(t, err)

	b := openSignedIn(t, srv, lee.Email)
	openLeads(t, b, "/leads?sort=id")
	for _, id := range ids {
		tick(b, id)
	}
	assert.EqualValues(t, 200, b.Click("#batch-owner"))
	assert.Equal(t, "Assign Owner", b.Text("h1"))
	assert.Contains(t, b.Text("#selection-count"), "3 selected")
	assert.EqualValues(t, 422, b.Click("#selection-submit"), "an owner must be chosen")
	assert.Equal(t, "Is required and must be a user id.", b.Text("#e-owner_id"))
	b.Fill(map[string]string{"#f-owner_id": sam.ID})
	assert.EqualValues(t, 200, b.Click("#selection-submit"))
	assert.True(t, strings.HasPrefix(b.Path(), "/batch-processes/"), "the batch's own page: %s", b.Path())
	assert.Equal(t, "Lead Owner Assignment", b.Text("h1"))
	counts := waitForBatch(t, b)
	assert.Equal(t, map[string]string{"done": "3", "total": "3", "succeeded": "2", "failed": "1", "skipped": "0"}, counts)
	assert.Equal(t, []string{"succeeded", "succeeded", "failed"}, b.Texts(`.batch-items td[data-label=Result]`))
	assert.Contains(t, b.Texts(`.batch-items td[data-label=Details]`)[2], "qualified")
	assert.Equal(t, fmt.Sprintf("/leads/%d", ids[2]),
		webtest.Eval[string](b, `document.querySelectorAll(".batch-items .item-label a")[2].getAttribute("href")`), "each item links to its lead")
	for i, id := range ids {
		l, err := srv.Store.GetLead(t.Context(), id)
		require.NoError(t, err)
		if i < 2 {
			assert.Equal(t, sam.ID, l.OwnerID)
		} else {
			assert.Equal(t, lee.ID, l.OwnerID, "the qualified lead keeps its owner")
		}
	}

	// A batch email to two of them, with a token and an uploaded file.
	file := filepath.Join(t.TempDir(), "price-list.csv")
	require.NoError(t, os.WriteFile(file, []byte("product,price\nplan,10\n"), 0o600))
	openLeads(t, b, "/leads?sort=id")
	tick(b, ids[0])
	tick(b, ids[1])
	assert.EqualValues(t, 200, b.Click("#batch-email"))
	b.Fill(map[string]string{"#f-subject": "Hello {{nameFirst}}", "#f-body": "<p>Dear </p>"})
	webtest.Eval[bool](b, `(() => { const f = document.querySelector("#f-body"); f.setSelectionRange(8, 8); return true })()`)
	b.Do(clickNoNav(`[data-token="{{nameFirst}}"]`))
	assert.Equal(t, "<p>Dear {{nameFirst}}</p>", webtest.Eval[string](b, `document.querySelector("#f-body").value`), "a token button types its token")
	b.Upload("#f-attachments", file)
	assert.EqualValues(t, 200, b.Click("#selection-submit"))
	assert.Equal(t, "Lead Batch Email", b.Text("h1"))
	counts = waitForBatch(t, b)
	assert.Equal(t, "2", counts["succeeded"], "%v", counts)
	var msgs []workertest.Message
	workertest.Eventually(t, 10*time.Second, func() (bool, string) {
		msgs = workertest.Inbox(t, srv.Suffix)
		return len(msgs) == 2, fmt.Sprintf("%d messages", len(msgs))
	})
	subjects := []string{msgs[0].Subject, msgs[1].Subject}
	assert.ElementsMatch(t, []string{"Hello Jon", "Hello Kim"}, subjects)
	for _, m := range msgs {
		assert.Contains(t, m.Raw, "price-list.csv", "the uploaded file is attached")
		assert.Contains(t, m.Text, "Dear "+strings.TrimPrefix(m.Subject, "Hello "), "the body's token is merged")
	}
}
