package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// busyCampaign is a campaign with a team, twenty participants started and
// moved along the workflow, and opportunities in three stages: what the
// demo campaign looks like after a few days of work.
func busyCampaign(t *testing.T, srv *webtest.Server, manager, sponsor domain.User) string {
	t.Helper()
	ctx := t.Context()
	id := srv.Campaign(t, manager.ID, domain.CampaignInput{Name: "Spring Mortgage Review", Priority: "A", ManagerID: manager.ID,
		Description: "Invite existing clients to review their mortgage before renewal season.",
		StartDate:   ptr(time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)), EndDate: ptr(time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC))})
	_, err := srv.App.AddTeamMember(ctx, manager, id, domain.TeamMemberInput{UserID: sponsor.ID, Role: "Sponsor"})
	require.NoError(t, err)
	_, err = srv.App.AddParticipants(ctx, manager, id, app.AddParticipantsInput{ContactIDs: contacts(t, srv, 20)})
	require.NoError(t, err)
	_, err = srv.App.MoveCampaign(ctx, manager, id, domain.StageInProgress)
	require.NoError(t, err)
	var ps []domain.Participant
	workertest.Eventually(t, 60*time.Second, func() (bool, string) {
		ps, err = srv.Store.ListParticipants(ctx, id, "", 100)
		contacted := 0
		for _, p := range ps {
			if p.Status == domain.StatusContacted {
				contacted++
			}
		}
		return err == nil && contacted == 20, fmt.Sprint(contacted, err)
	})
	status := func(p domain.Participant, to string) {
		_, err := srv.App.ChangeParticipant(ctx, manager, id, p.ID, domain.ParticipantChange{Status: &to})
		require.NoError(t, err, "%s to %s", p.ID, to)
	}
	for i, p := range ps[:11] {
		status(p, "Responded")
		switch {
		case i < 6:
			status(p, "Interested")
		case i < 8:
			status(p, "Not interested")
		}
	}
	for _, p := range ps[11:14] {
		status(p, "Not responded")
	}
	var opps []domain.Opportunity
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		var pg domain.Page[domain.Opportunity]
		pg, err = srv.Store.ListCampaignOpportunities(ctx, id, domain.PageRequest{Limit: 100})
		opps = pg.Items
		return err == nil && len(opps) == 6, fmt.Sprint(len(opps), err)
	})
	for i, o := range opps {
		require.NoError(t, srv.Store.UpdateOpportunity(ctx, o.ID, func(o domain.Opportunity) (domain.Opportunity, error) {
			o.Stage = []string{"Prospecting", "Qualification", "Proposal"}[i%3]
			o.ExpectedRevenue = float64(12000 + 4500*i)
			return o, nil
		}))
	}
	return id
}

func ptr[T any](v T) *T { return &v }

// TestCampaignPagesFitAPhone: at 390 px no campaign page scrolls sideways:
// the list and its dialogs, the summary with its cards and charts, the
// Versions and Audience tabs.
func TestCampaignPagesFitAPhone(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager With A Rather Long Name Indeed", password, domain.PrivCampaigns)
	bob := srv.User(t, "Bob Sponsor", password, domain.PrivCampaigns)
	id := busyCampaign(t, srv, ann, bob)
	long := srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Campaign" + strings.Repeat("Long", 15), Priority: "B", ManagerID: ann.ID})

	b := openSignedIn(t, srv, ann.Email)
	b.Width(390)
	for _, path := range []string{"/campaigns", "/campaigns?edit=" + id, "/campaigns?delete=" + long, "/campaigns/" + id,
		"/campaigns/" + id + "?edit=1", "/campaigns/" + long, "/campaigns/" + id + "/versions", "/campaigns/" + id + "/audience"} {
		assert.EqualValues(t, 200, b.Open(path), path)
		assert.Equal(t, 390, webtest.Eval[int](b, `window.innerWidth`), path)
		assert.LessOrEqual(t, webtest.Eval[int](b, `document.documentElement.scrollWidth`), 390, "%s scrolls sideways", path)
	}
	b.Open("/campaigns/" + id)
	assert.LessOrEqual(t, webtest.Eval[int](b, `Math.ceil(document.querySelector("#chart-status svg").getBoundingClientRect().right)`), 390,
		"the chart fits the screen")
	b.Screenshot("campaign-390")
}

// TestCampaignDetailScreenshot takes the README's picture of a campaign's
// detail view at 1280 px. With DRUMBEAT_WRITE_SCREENSHOTS=1 it writes it to
// docs/campaign-detail.png (commit it after a deliberate change of the page).
func TestCampaignDetailScreenshot(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	morgan := srv.User(t, "Morgan Manager", password, domain.PrivCampaigns)
	sasha := srv.User(t, "Sasha Sponsor", password, domain.PrivCampaigns)
	id := busyCampaign(t, srv, morgan, sasha)

	b := openSignedIn(t, srv, morgan.Email)
	b.Open("/campaigns/" + id)
	assert.Equal(t, "In Progress", b.Text("#campaign-stage"))
	assert.Equal(t, []string{"Contacted · 6 participants", "Responded · 3 participants", "Not responded · 3 participants",
		"Interested · 6 participants", "Not interested · 2 participants"}, statusBars(b))
	assert.Len(t, webtest.Eval[[]string](b, `Array.from(document.querySelectorAll("#chart-pipeline g.bar"), g => g.dataset.label)`), 3)
	png := b.Screenshot("campaign-detail")
	if os.Getenv("DRUMBEAT_WRITE_SCREENSHOTS") == "1" {
		raw, err := os.ReadFile(png)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join("..", "docs", "campaign-detail.png"), raw, 0o644))
	}
}
