package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// contacts creates n contacts and returns their ids.
func contacts(t *testing.T, srv *webtest.Server, n int) []string {
	t.Helper()
	var ids []string
	for i := range n {
		c := domain.Contact{ID: uuid.NewString(), FirstName: fmt.Sprintf("Pat%02d", i), LastName: "Lee",
			Email: fmt.Sprintf("pat%02d%s", i, srv.Suffix)}
		require.NoError(t, srv.Store.UpsertContact(t.Context(), c))
		ids = append(ids, c.ID)
	}
	return ids
}

// statusBars are the bars of the Participants by Status chart.
func statusBars(b *webtest.Browser) []string {
	return webtest.Eval[[]string](b, `Array.from(document.querySelectorAll("#chart-status g.bar text"), e => e.textContent.replace(/\s+/g, " ").trim())`)
}

// TestStartCampaignFromTheBanner: a refused move (Complete in planning)
// shows the API's reason and changes nothing; Start moves the campaign to
// In Progress, and its participants appear as Contacted in the
// Participants by Status chart, drawn as an accessible SVG.
func TestStartCampaignFromTheBanner(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	id := srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Autumn Renewal", Priority: "A", ManagerID: ann.ID})
	_, err := srv.App.AddParticipants(t.Context(), ann, id, app.AddParticipantsInput{ContactIDs: contacts(t, srv, 3)})
	require.NoError(t, err)

	b := openSignedIn(t, srv, ann.Email)
	b.Open("/campaigns/" + id)
	assert.Equal(t, "Planning", b.Text("#campaign-stage"))
	assert.Equal(t, []string{"Targeted · 3 participants"}, statusBars(b))
	assert.Equal(t, "No opportunities yet.", b.Text("#chart-pipeline p"))

	assert.EqualValues(t, 200, b.Click("#move-complete"))
	assert.Equal(t, `Campaign cannot move from "planning" to "completed": only a campaign in progress can be completed.`, b.Text(".flash-error"))
	assert.Equal(t, "Planning", b.Text("#campaign-stage"), "a refused move changes nothing")
	assert.EqualValues(t, 200, b.Click("#move-cancel"))
	assert.Contains(t, b.Text(".flash-error"), "delete a campaign in planning instead")

	assert.EqualValues(t, 200, b.Click("#move-start"))
	assert.Equal(t, "Campaign started.", b.Text(".flash-success"))
	assert.Equal(t, "In Progress", b.Text("#campaign-stage"))
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		b.Open("/campaigns/" + id)
		bars := statusBars(b)
		return len(bars) == 1 && bars[0] == "Contacted · 3 participants", strings.Join(bars, ", ")
	})
	svg := `document.querySelector("#chart-status svg")`
	assert.Equal(t, "img", webtest.Eval[string](b, svg+`.getAttribute("role")`))
	assert.Equal(t, "Participants by Status Contacted: 3 participants.",
		webtest.Eval[string](b, `(() => { const s = `+svg+`; return s.getAttribute("aria-labelledby").split(" ").map(i => document.getElementById(i).textContent).join(" ") })()`),
		"the chart is named and described for screen readers")

	assert.EqualValues(t, 200, b.Click("#move-start"))
	assert.Contains(t, b.Text(".flash-error"), "the campaign is already in progress")
}

// TestEditAndDeleteCampaign: a row's Edit opens the dialog with the
// campaign's values; a refused field shows its error beside it and keeps
// the list as it was; saved, the list shows the change. Delete removes a
// campaign in planning and refuses one in progress with the reason.
func TestEditAndDeleteCampaign(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Winter Lending", Priority: "B", ManagerID: ann.ID})
	running := srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Spring Outreach", Priority: "A", ManagerID: ann.ID})
	_, err := srv.App.MoveCampaign(t.Context(), ann, running, domain.StageInProgress)
	require.NoError(t, err)

	b := openSignedIn(t, srv, ann.Email)
	b.Open("/campaigns?sort=name&q=winter")
	assert.EqualValues(t, 200, b.Click(`td.row-actions a[data-action=edit]`))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#edit-campaign").open`), "the Edit dialog opens")
	assert.Equal(t, "Winter Lending", webtest.Eval[string](b, `document.querySelector("#edit-name").value`))
	assert.Equal(t, "B", webtest.Eval[string](b, `document.querySelector("#edit-priority").value`))

	b.Fill(map[string]string{"#edit-name": "Winter Lending Review", "#edit-allocation_model": domain.AllocationCampaignUser})
	assert.EqualValues(t, 422, b.Click(`#edit-campaign button[type=submit]`))
	assert.Equal(t, "Is required with an allocation model.", b.Text("#edit-campaign .field.invalid #e-edit-allocation_role"))
	assert.Equal(t, "Winter Lending Review", webtest.Eval[string](b, `document.querySelector("#edit-name").value`), "what was typed stays")
	assert.Equal(t, []string{"Winter Lending"}, names(b), "the list stays as it was, search included")

	b.Fill(map[string]string{"#edit-allocation_role": "Advisor"})
	assert.EqualValues(t, 200, b.Click(`#edit-campaign button[type=submit]`))
	assert.Equal(t, "Campaign “Winter Lending Review” saved.", b.Text(".flash-success"))
	assert.Equal(t, "/campaigns?q=winter&sort=name", b.Path(), "back to the list as it was")
	assert.Equal(t, []string{"Winter Lending Review"}, names(b))

	// Delete, refused for the campaign in progress.
	b.Open("/campaigns?q=spring")
	assert.EqualValues(t, 200, b.Click(`td.row-actions a[data-action=delete]`))
	assert.Contains(t, b.Text("#delete-campaign"), "Delete “Spring Outreach”?")
	assert.EqualValues(t, 200, b.Click(`#delete-campaign button[type=submit]`))
	assert.Equal(t, "A campaign in progress cannot be deleted: complete or cancel it first.", b.Text(".flash-error"))
	assert.Equal(t, []string{"Spring Outreach"}, names(b))

	b.Open("/campaigns?q=winter")
	assert.EqualValues(t, 200, b.Click(`td.row-actions a[data-action=delete]`))
	assert.EqualValues(t, 200, b.Click(`#delete-campaign button[type=submit]`))
	assert.Equal(t, "Campaign “Winter Lending Review” deleted.", b.Text(".flash-success"))
	assert.Empty(t, names(b))
	b.Open("/campaigns")
	assert.Equal(t, []string{"Spring Outreach"}, names(b))
}

// TestEditFromTheBanner: the banner's Edit opens the same dialog on the
// campaign's page; a date that is not one is refused beside its field.
func TestEditFromTheBanner(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	id := srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Harbour Days", Priority: "C"})
	b := openSignedIn(t, srv, ann.Email)
	b.Open("/campaigns/" + id)
	b.Do(clickNoNav("#edit-campaign-button"))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#edit-campaign").open`))
	b.Fill(map[string]string{"#edit-description": "Boats and brunch.", "#edit-manager_id": ann.ID, "#edit-start_date": "2027-06-01", "#edit-end_date": "2027-05-01"})
	assert.EqualValues(t, 422, b.Click(`#edit-campaign button[type=submit]`))
	assert.Equal(t, "Must not be before start_date.", b.Text("#e-edit-end_date"))
	b.Fill(map[string]string{"#edit-end_date": ""})
	assert.EqualValues(t, 200, b.Click(`#edit-campaign button[type=submit]`))
	assert.Equal(t, "/campaigns/"+id, b.Path())
	assert.Equal(t, "Boats and brunch.", b.Text("#overview .card-text"))
	assert.Contains(t, b.Text("#overview"), "Ann Manager")
	assert.Contains(t, b.Text("#overview"), "1 Jun 2027")
}
