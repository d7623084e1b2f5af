package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// partner creates a contact through the store (no triggers run).
func partner(t *testing.T, srv *webtest.Server, first, partnerType string) domain.ContactProfile {
	t.Helper()
	c, err := srv.Store.CreateContactProfile(t.Context(), domain.ContactProfile{
		Contact:     domain.Contact{ID: uuid.NewString(), FirstName: first, LastName: "Partner", Email: strings.ToLower(first) + srv.Suffix, Phone: "+15550100"},
		PartnerType: partnerType, Tags: []string{}, ConsentToContact: true})
	require.NoError(t, err)
	return c
}

// dripCampaign creates a drip campaign definition through the store.
func dripCampaign(t *testing.T, srv *webtest.Server, name string, trigger *domain.DripTrigger, steps ...domain.DripStep) string {
	t.Helper()
	in := domain.DripCampaignInput{Name: name, Trigger: trigger, Steps: steps}
	in.Normalize()
	require.NoError(t, in.Validate())
	id := uuid.NewString()
	require.NoError(t, srv.Store.CreateDripCampaign(t.Context(), id, "", in))
	return id
}

func emailStep(name string, days int) domain.DripStep {
	return domain.DripStep{Name: name, OffsetDays: days, Action: domain.DripEmail, Subject: name + " {{nameFirst}}", Body: "Dear {{nameFirst}}"}
}

// stepStates are the steps page's states, "Done", "Pending" or "Skipped", in order.
func stepStates(b *webtest.Browser) []string { return b.Texts("table.steps .step-status") }

// waitSteps reloads the steps page until its steps show want.
func waitSteps(t *testing.T, b *webtest.Browser, path string, want ...string) {
	t.Helper()
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		b.Open(path)
		got := stepStates(b)
		return fmt.Sprint(got) == fmt.Sprint(want), fmt.Sprint(got)
	})
}

// dripRows are the partner campaign list's rows: name and status.
func dripRows(b *webtest.Browser) []string {
	return webtest.Eval[[]string](b, `Array.from(document.querySelectorAll("table.drips tr.drip"),
		r => r.querySelector("td.name").innerText.trim() + ": " + r.querySelector("td.drip-status").innerText.trim())`)
}

// TestPartnerCampaigns follows seed 002 in the browser: Start Campaign with
// a start date, the partner campaign list, Pause and Run, a step skipped
// and one run again (the steps' checkboxes change), and Delete Selected;
// finished campaigns are greyed.
func TestPartnerCampaigns(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	mia := srv.User(t, "Mia Marketer", password, domain.PrivMarketing)
	welcome := dripCampaign(t, srv, "Partner welcome", nil, emailStep("Welcome", 0),
		domain.DripStep{Name: "Call", Action: domain.DripTask, Subject: "Call {{nameFirst}}"}, emailStep("Follow-up", 30), emailStep("Check-in", 60))
	openHouse := dripCampaign(t, srv, "Open house", nil, emailStep("Invitation", 0), emailStep("Reminder", 7))
	ann := partner(t, srv, "Ann", "Realtor")
	list := "/contacts/" + ann.ID + "?tab=campaigns"

	b := openSignedIn(t, srv, mia.Email)
	assert.EqualValues(t, 200, b.Open("/contacts?q=ann"))
	assert.Equal(t, []string{"Ann Partner"}, b.Texts("table.table td.name"))
	assert.EqualValues(t, 200, b.Click("td.name a"))
	assert.EqualValues(t, 200, b.Click(`.tabs a[href$="tab=campaigns"]`))
	assert.Equal(t, list, b.Path())
	assert.Empty(t, dripRows(b))

	// Start Campaign: the available campaigns and a start date (past: at once).
	b.Do(clickNoNav("#start-campaign-button"))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#start-campaign").open`))
	assert.Equal(t, []string{"Open house", "Partner welcome"}, b.Texts("#f-campaign_id option"))
	b.Fill(map[string]string{"#f-campaign_id": welcome, "#f-start_date": time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)})
	assert.EqualValues(t, 200, b.Click(`#start-campaign button[type=submit]`))
	assert.Equal(t, "Campaign “Partner welcome” started.", b.Text(".flash"))
	assert.Equal(t, []string{"Partner welcome: Active"}, dripRows(b))
	assert.Equal(t, "Manual", b.Text("tr.drip td[data-label=Started]"))
	assert.Contains(t, b.Text("tr.drip td[data-label=Start]"), time.Now().UTC().AddDate(0, 0, -1).Format("2 Jan 2006"))
	b.Do(clickNoNav("#start-campaign-button"))
	assert.Equal(t, []string{"Open house"}, b.Texts("#f-campaign_id option"), "a started campaign is no longer offered")
	b.Do(clickNoNav("#start-campaign a[data-close]"))

	// Its steps: two done at once, two pending.
	assert.EqualValues(t, 200, b.Click("tr.drip td.name a"))
	steps := b.Path()
	waitSteps(t, b, steps, "Done", "Done", "Pending", "Pending")
	assert.Equal(t, []bool{true, true, false, false}, webtest.Eval[[]bool](b, `Array.from(document.querySelectorAll("table.steps input[type=checkbox]"), c => c.checked)`))
	assert.Equal(t, []string{"Run Again", "Run Again", "Skip", "Skip"}, b.Texts("table.steps td.row-actions button"))

	// Pause, then Run.
	assert.EqualValues(t, 200, b.Click(`.drip-actions button[data-op=Pause]`))
	assert.Equal(t, "Campaign “Partner welcome” paused.", b.Text(".flash"))
	assert.Equal(t, "Paused", b.Text("#drip-status"))
	assert.Equal(t, steps, b.Path(), "the change comes back to the page it was made on")
	assert.Empty(t, b.Texts(`.drip-actions button[data-op=Pause]`))
	assert.EqualValues(t, 200, b.Click(`.drip-actions button[data-op=Run]`))
	assert.Equal(t, "Active", b.Text("#drip-status"))

	// Skip the third step; run the first again.
	assert.EqualValues(t, 200, b.Click(`tr[data-step="3"] button[data-op=Skip]`))
	assert.Equal(t, "Step 3 “Follow-up” skipped.", b.Text(".flash"))
	assert.Equal(t, []string{"Done", "Done", "Skipped", "Pending"}, stepStates(b))
	assert.Empty(t, b.Texts(`tr[data-step="3"] button`), "a skipped step offers nothing")
	assert.EqualValues(t, 200, b.Click(`tr[data-step="1"] button[data-op="Run Again"]`))
	assert.Equal(t, "Step 1 “Welcome” run again.", b.Text(".flash"))
	assert.Contains(t, b.Text(`tr[data-step="1"] td[data-label=Result]`), "2 runs")
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		n := len(workertest.Inbox(t, "ann"+srv.Suffix))
		return n == 2, fmt.Sprintf("%d emails", n)
	})

	// A refused change shows its reason: a second Skip of the last step, sent
	// from a page that still offered it.
	h := newClient(t, srv.URL)
	require.Equal(t, 303, h.signIn(mia.Email, password))
	_, page := h.do("GET", steps, nil, nil)
	token := csrfInput.FindStringSubmatch(page)[1]
	b.Open(steps)
	assert.EqualValues(t, 200, b.Click(`tr[data-step="4"] button[data-op=Skip]`))
	assert.Equal(t, []string{"Done", "Done", "Skipped", "Skipped"}, stepStates(b))
	resp, _ := h.do("POST", steps+"/steps/4/skip", url.Values{"csrf_token": {token}}, nil)
	assert.Equal(t, 303, resp.StatusCode)
	_, page = h.do("GET", steps, nil, nil)
	assert.Contains(t, page, "only a pending step can be skipped.")
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		b.Open(steps)
		return b.Text("#drip-status") == "Finished", b.Text("#drip-status")
	})

	// Finished campaigns are greyed; Delete Selected removes the checked ones.
	b.Open(list)
	b.Do(clickNoNav("#start-campaign-button"))
	b.Fill(map[string]string{"#f-campaign_id": openHouse})
	assert.EqualValues(t, 200, b.Click(`#start-campaign button[type=submit]`))
	assert.ElementsMatch(t, []string{"Partner welcome: Finished", "Open house: Active"}, dripRows(b))
	grey := `getComputedStyle(document.querySelector("tr.drip[data-campaign='%s'] td.drip-status")).color`
	assert.Equal(t, "rgb(154, 161, 173)", webtest.Eval[string](b, fmt.Sprintf(grey, welcome)), "finished is greyed")
	assert.Equal(t, "rgb(29, 35, 48)", webtest.Eval[string](b, fmt.Sprintf(grey, openHouse)), "active is black")

	assert.EqualValues(t, 200, b.Click("#delete-selected-button"))
	assert.Contains(t, b.Text(".flash"), "List at least one drip campaign id.", "nothing checked: refused with the reason")
	webtest.Eval[bool](b, `(() => { document.querySelectorAll("input[name=ids]").forEach(c => c.checked = true); return true })()`)
	assert.EqualValues(t, 200, b.Click("#delete-selected-button"))
	assert.Equal(t, "2 campaigns removed.", b.Text(".flash"))
	assert.ElementsMatch(t, []string{"Partner welcome: Removed", "Open house: Removed"}, dripRows(b))
	assert.Empty(t, b.Texts("tr.drip button[data-op]"), "a removed campaign offers nothing")
	b.Do(clickNoNav("#start-campaign-button"))
	assert.Equal(t, []string{"Open house", "Partner welcome"}, b.Texts("#f-campaign_id option"), "removed campaigns can be started again")
}

// TestTriggeredEnrollmentAfterEdit: changing a partner's type on its page
// enrolls it in the campaign whose trigger it now meets, shown in the
// answer and on the partner campaign list as triggered.
func TestTriggeredEnrollmentAfterEdit(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	mia := srv.User(t, "Mia Marketer", password, domain.PrivMarketing)
	realtors := dripCampaign(t, srv, "Realtor welcome", &domain.DripTrigger{PartnerType: "Realtor"}, emailStep("Hello", 0), emailStep("Later", 10))
	ben := partner(t, srv, "Ben", "Lender")

	b := openSignedIn(t, srv, mia.Email)
	b.Open("/contacts/" + ben.ID)
	b.Do(clickNoNav("#edit-contact-button"))
	b.Fill(map[string]string{"#f-partner_type": "Realtor", "#f-email": "not an address"})
	assert.EqualValues(t, 422, b.Click(`#edit-contact button[type=submit]`))
	assert.NotEmpty(t, b.Text("#e-email"), "the bad field's error is beside it")
	assert.Equal(t, "Realtor", webtest.Eval[string](b, `document.querySelector("#f-partner_type").value`), "what was typed is kept")
	b.Fill(map[string]string{"#f-email": "ben" + srv.Suffix})
	assert.EqualValues(t, 200, b.Click(`#edit-contact button[type=submit]`))
	assert.Equal(t, "Contact saved. Started by trigger: “Realtor welcome”.", b.Text(".flash"))
	assert.Contains(t, b.Text(".card"), "Realtor")

	assert.EqualValues(t, 200, b.Click(`.tabs a[href$="tab=campaigns"]`))
	assert.Equal(t, []string{"Realtor welcome: Active"}, dripRows(b))
	assert.Equal(t, "Triggered", b.Text(fmt.Sprintf("tr.drip[data-campaign='%s'] td[data-label=Started]", realtors)))

	// Saving again while it runs enrolls nothing more.
	b.Open("/contacts/" + ben.ID + "?edit=1")
	b.Fill(map[string]string{"#f-status": "Client"})
	assert.EqualValues(t, 200, b.Click(`#edit-contact button[type=submit]`))
	assert.Equal(t, "Contact saved.", b.Text(".flash"))
}

// TestDripActionsNeedMarketing: a user without Marketing reads the partner
// campaign list and the steps but sees no Start, Pause, checkbox, Skip or
// Run Again, nor the drip definitions; the same posts made by hand, with a
// valid form token, answer 403 and change nothing.
func TestDripActionsNeedMarketing(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	mia := srv.User(t, "Mia Marketer", password, domain.PrivMarketing)
	cam := srv.User(t, "Cam Campaigns", password, domain.PrivCampaigns)
	welcome := dripCampaign(t, srv, "Partner welcome", nil, emailStep("Welcome", 0), emailStep("Later", 10))
	ann := partner(t, srv, "Ann", "Realtor")
	b := openSignedIn(t, srv, mia.Email)
	b.Open("/contacts/" + ann.ID + "?tab=campaigns&start=1")
	b.Fill(map[string]string{"#f-campaign_id": welcome})
	assert.EqualValues(t, 200, b.Click(`#start-campaign button[type=submit]`))
	steps := "/contacts/" + ann.ID + "/drips/" + welcome
	waitSteps(t, b, steps, "Done", "Pending")

	r := openSignedIn(t, srv, cam.Email)
	assert.EqualValues(t, 200, r.Open("/contacts/"+ann.ID+"?tab=campaigns"))
	assert.Equal(t, []string{"Partner welcome: Active"}, dripRows(r))
	for _, css := range []string{"#start-campaign-button", "#delete-selected-button", "input[name=ids]", "tr.drip button"} {
		assert.Empty(t, r.Texts(css), css)
	}
	assert.EqualValues(t, 200, r.Open(steps))
	assert.Equal(t, []string{"Done", "Pending"}, stepStates(r))
	assert.Empty(t, r.Texts("button[data-op]"), "no Pause, Skip or Run Again")
	assert.NotContains(t, r.Texts(".tabs a"), "Drip campaigns")
	assert.EqualValues(t, 403, r.Open("/contacts/drip-campaigns"))

	h := newClient(t, srv.URL)
	require.Equal(t, 303, h.signIn(cam.Email, password))
	_, page := h.do("GET", steps, nil, nil)
	token := csrfInput.FindStringSubmatch(page)[1]
	for _, path := range []string{steps + "/pause", steps + "/remove", steps + "/steps/2/skip", steps + "/steps/1/run-again",
		"/contacts/" + ann.ID + "/drips", "/contacts/" + ann.ID + "/drips/delete"} {
		resp, body := h.do("POST", path, url.Values{"csrf_token": {token}, "campaign_id": {welcome}, "ids": {welcome}}, nil)
		assert.Equal(t, 403, resp.StatusCode, path)
		assert.Contains(t, body, "marketing", path)
	}
	b.Open(steps)
	assert.Equal(t, "Active", b.Text("#drip-status"), "nothing changed")
	assert.Equal(t, []string{"Done", "Pending"}, stepStates(b))
}
