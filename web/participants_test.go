package web_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestParticipantsTabAddAndRemove: participants are added by picking
// contacts from a search, and by a predefined filter once the campaign has
// its allocation rules and role (refused, with the reason beside each,
// before); the owner changes in the Edit dialog while the status may not
// (planning); one participant is removed after a confirmation, then all.
func TestParticipantsTabAddAndRemove(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	f := newTabs(t, srv, 0, domain.CampaignInput{})
	bob := srv.User(t, "Bob Owner", password, domain.PrivCampaigns)
	f.contact(t, "Alice", "Archer")
	f.contact(t, "Arthur", "Archer")
	f.contact(t, "Cara", "Baker")
	filter := domain.PredefinedFilter{ID: uuid.NewString(), Name: "Bakers",
		Conditions: []domain.FilterCondition{{Field: "last_name", Op: "eq", Value: "baker"}}}
	require.NoError(t, srv.Store.CreateFilter(t.Context(), filter))

	b := openSignedIn(t, srv, f.manager.Email)
	assert.EqualValues(t, 200, b.Open(f.path("participants")))
	assert.Equal(t, "Spring Outreach", b.Text("h1"))
	assert.Equal(t, "Participants", b.Text(".tabs a.active"))
	assert.Equal(t, "0", b.Text("#participant-count"))
	assert.Empty(t, b.Texts("#remove-all-button"), "nothing to remove yet")

	// By contacts: the search finds the two Archers; one is picked.
	assert.EqualValues(t, 200, b.Click("#add-participants-button"))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#add-participants").open`))
	b.Fill(map[string]string{"#contact-search": "archer"})
	assert.EqualValues(t, 200, b.Click("#contact-search-button"))
	assert.Equal(t, []string{"Alice Archer alice.archer" + srv.Suffix, "Arthur Archer arthur.archer" + srv.Suffix},
		b.Texts("#add-contacts-form .checklist label"))
	assert.EqualValues(t, 422, b.Click("#add-contacts"), "nobody checked")
	assert.Equal(t, "List at least one contact.", b.Text("#e-contact_ids"))
	b.Do(clickNoNav(`#add-contacts-form input[name=contact_id]`))
	assert.EqualValues(t, 200, b.Click("#add-contacts"))
	assert.Equal(t, "1 participant added.", b.Text(".flash"))
	assert.Equal(t, []string{"Alice Archer"}, rowNames(b))
	assert.Equal(t, "Targeted", b.Text("td[data-label=Status]"))
	assert.Equal(t, "Ann Manager", b.Text("td[data-label=Owner]"))

	// By filter: refused without allocation rules and role, each reason
	// beside its field; accepted once the campaign has them.
	assert.EqualValues(t, 200, b.Open(f.path("participants?add=1&cq=archer")))
	assert.Equal(t, []string{"Arthur Archer arthur.archer" + srv.Suffix}, b.Texts("#add-contacts-form .checklist label"),
		"a participant is no longer offered")
	b.Fill(map[string]string{"#f-filter_id": filter.ID})
	assert.EqualValues(t, 422, b.Click("#add-filter"))
	assert.Equal(t, "Adding participants with a filter needs the campaign's allocation model.", b.Text("#e-allocation_model"))
	assert.Equal(t, "Adding participants with a filter needs the campaign's allocation role.", b.Text("#e-allocation_role"))
	_, err := srv.Store.Pool().Exec(t.Context(), "UPDATE campaigns SET allocation_model = $2, allocation_role = 'Advisor' WHERE id = $1",
		f.id, domain.AllocationCampaignUser)
	require.NoError(t, err)
	b.Open(f.path("participants?add=1"))
	assert.Contains(t, b.Text("#add-filter-form .fields"), domain.AllocationCampaignUser)
	b.Fill(map[string]string{"#f-filter_id": filter.ID})
	assert.EqualValues(t, 200, b.Click("#add-filter"))
	assert.Equal(t, "1 participant added.", b.Text(".flash"))
	assert.ElementsMatch(t, []string{"Alice Archer", "Cara Baker"}, rowNames(b))

	// Edit: in planning the status stays Targeted; the owner changes.
	assert.EqualValues(t, 200, b.Click(`tr[data-participant] a.edit`))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#edit-participant").open`))
	assert.Equal(t, "The status cannot change: while the campaign is in planning every participant stays Targeted.", b.Text("#status-fixed"))
	assert.Empty(t, b.Texts("#f-status"), "no status is offered")
	name := b.Text("#edit-title")[len("Edit "):]
	b.Fill(map[string]string{"#f-owner_id": bob.ID})
	assert.EqualValues(t, 200, b.Click("#save-owner"))
	assert.Equal(t, name+" is given a new owner.", b.Text(".flash"))
	assert.Contains(t, b.Texts("td[data-label=Owner]"), "Bob Owner")

	// Remove one, after confirming.
	assert.EqualValues(t, 200, b.Click(`tr[data-participant] a.remove`))
	removed := b.Text("#remove-title")
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#remove-participant").open`))
	assert.EqualValues(t, 200, b.Click("#confirm-remove"))
	gone := removed[len("Remove ") : len(removed)-1]
	assert.Equal(t, gone+" removed from the campaign.", b.Text(".flash"))
	assert.Len(t, rowNames(b), 1)
	assert.NotContains(t, rowNames(b), gone)
	assert.Len(t, f.participants(t), 1)

	// Remove all: the dialog opens in place and asks first.
	b.Do(clickNoNav("#remove-all-button"))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#remove-all").open`))
	assert.Equal(t, "Remove all 1 participants?", b.Text("#remove-all-title"))
	assert.EqualValues(t, 200, b.Click("#confirm-remove-all"))
	assert.Equal(t, "1 participant removed.", b.Text(".flash"))
	assert.Equal(t, "0", b.Text("#participant-count"))
	assert.Empty(t, f.participants(t))
}

// TestBatchStatusUpdateShowsLiveProgress: the Edit dialog offers only the
// statuses the participant's definition allows next, and a forced post of
// another one shows the API's reason; ten checked participants are batched
// to Responded, and the page shows the batch waiting, then, without being
// loaded again, its end with every item's result.
func TestBatchStatusUpdateShowsLiveProgress(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	f := newTabs(t, srv, 12, domain.CampaignInput{})
	f.addAll(t)
	f.start(t)

	b := openSignedIn(t, srv, f.manager.Email)
	b.Open(f.path("participants"))
	assert.Equal(t, "12", b.Text("#participant-count"))
	assert.Equal(t, []string{"Responded", "Not responded", "Don't contact me"}, b.Texts("#batch-to option"))

	// One participant: only the allowed next statuses are offered.
	first := f.participants(t)[0]
	assert.EqualValues(t, 200, b.Open(f.path("participants?edit="+first.ID)))
	assert.Equal(t, "Contacted", b.Text("#current-status"))
	assert.Equal(t, []string{"Responded", "Not responded", "Don't contact me"}, b.Texts("#f-status option"))
	// A forced post of a move the definition does not allow.
	webtest.Eval[bool](b, `(() => { const s = document.querySelector("#f-status"); s.add(new Option("Interested", "Interested")); s.value = "Interested"; return true })()`)
	assert.EqualValues(t, 409, b.Click("#save-status"))
	assert.Equal(t, `Participant cannot move from "Contacted" to "Interested": allowed next statuses are Responded, Not responded, Don't contact me`,
		b.Text("#e-status"))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#edit-participant").open`), "the dialog stays open with the reason")
	got, err := srv.Store.GetParticipant(t.Context(), f.id, first.ID)
	require.NoError(t, err)
	assert.Equal(t, "Contacted", got.Status, "nothing changed")

	// Ten of twelve, to Responded. The worker is held so that the page
	// shows the batch before it runs.
	srv.Worker.Worker.Stop()
	b.Open(f.path("participants"))
	checked := rowNames(b)[:10]
	for i := range 10 {
		b.Do(clickNoNav(`tbody tr:nth-child(` + strconv.Itoa(i+1) + `) input[name=participant_id]`))
	}
	b.Fill(map[string]string{"#batch-to": "Responded"})
	assert.EqualValues(t, 200, b.Click("#batch-submit"))
	assert.Equal(t, "Updating 10 participants to Responded.", b.Text(".flash"))
	assert.Equal(t, domain.BatchUpdateParticipantStatus, b.Text("#batch-progress h2"))
	assert.Equal(t, "pending", b.Text("#batch-status"))
	assert.Equal(t, "0 of 10 done", b.Text("#batch-done"))
	assert.Len(t, b.Texts("#batch-progress tbody tr"), 10)
	assert.False(t, webtest.Eval[bool](b, `document.querySelector("#batch-progress").hasAttribute("data-done")`))
	webtest.Eval[bool](b, `(window.sameDocument = true)`)

	workertest.StartOn(t, srv.Worker.Client, srv.Store, srv.Worker.TaskQueue, 50)
	waitText(t, b, "#batch-status", "completed")
	assert.True(t, webtest.Eval[bool](b, `window.sameDocument === true`), "the progress came without loading the page")
	assert.Equal(t, "10 of 10 done", b.Text("#batch-done"))
	assert.Equal(t, slices.Repeat([]string{"succeeded"}, 10), b.Texts("#batch-progress td[data-label=Result]"))
	assert.Equal(t, slices.Repeat([]string{"now Responded"}, 10), b.Texts("#batch-progress td.item-text"))
	assert.Equal(t, checked, b.Texts("#batch-progress td.item-label"), "items are named after their participants")
	f.waitStatus(t, "Responded", 10)
	b.Open(f.path("participants?status=Contacted"))
	assert.Len(t, rowNames(b), 2)

	// Keyset pages keep the status filter: 10 Responded, four a page.
	assert.EqualValues(t, 200, b.Open(f.path("participants?status=Responded&limit=4")))
	seen := rowNames(b)
	assert.Len(t, seen, 4)
	for _, n := range []int{4, 2} {
		assert.EqualValues(t, 200, b.Click("#next-page"))
		assert.Len(t, rowNames(b), n)
		assert.Equal(t, slices.Repeat([]string{"Responded"}, n), b.Texts("td[data-label=Status]"))
		seen = append(seen, rowNames(b)...)
	}
	assert.Empty(t, b.Texts("#next-page"), "the last page has no next link")
	slices.Sort(seen)
	assert.Len(t, slices.Compact(seen), 10, "every one once")
	assert.EqualValues(t, 422, b.Open(f.path("participants?limit=0")))
}
