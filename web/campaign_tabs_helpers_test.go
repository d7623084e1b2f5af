package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// tabs is a campaign with a manager and contacts, for the tests of a
// campaign's Participants, Opportunities and Documents tabs.
type tabs struct {
	srv      *webtest.Server
	manager  domain.User
	id       string
	contacts []string
}

// newTabs creates the campaign (managed by a new user Ann) and n contacts
// named First{i} Last{i}, whose addresses end with the server's suffix.
func newTabs(t *testing.T, srv *webtest.Server, n int, in domain.CampaignInput) *tabs {
	t.Helper()
	f := &tabs{srv: srv, manager: srv.User(t, "Ann Manager", password, domain.PrivCampaigns)}
	if in.Name == "" {
		in.Name = "Spring Outreach"
	}
	in.ManagerID, in.Priority = f.manager.ID, "A"
	f.id = srv.Campaign(t, f.manager.ID, in)
	for i := range n {
		f.contacts = append(f.contacts, f.contact(t, fmt.Sprintf("First%02d", i), fmt.Sprintf("Last%02d", i)))
	}
	return f
}

// contact creates a contact and returns its id.
func (f *tabs) contact(t *testing.T, first, last string) string {
	t.Helper()
	id := uuid.NewString()
	require.NoError(t, f.srv.Store.UpsertContact(t.Context(), domain.Contact{ID: id, FirstName: first, LastName: last,
		Email: strings.ToLower(first + "." + last + f.srv.Suffix)}))
	return id
}

// addAll makes every contact a participant, as the API's POST would.
func (f *tabs) addAll(t *testing.T) {
	t.Helper()
	_, err := f.srv.App.AddParticipants(t.Context(), f.manager, f.id, app.AddParticipantsInput{ContactIDs: f.contacts})
	require.NoError(t, err)
}

// start starts the campaign and waits until every participant is Contacted.
func (f *tabs) start(t *testing.T) {
	t.Helper()
	_, err := f.srv.App.MoveCampaign(t.Context(), f.manager, f.id, domain.StageInProgress)
	require.NoError(t, err)
	f.waitStatus(t, domain.StatusContacted, len(f.contacts))
}

// waitStatus waits until n participants hold the status.
func (f *tabs) waitStatus(t *testing.T, status string, n int) {
	t.Helper()
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		ps, err := f.srv.Store.ListParticipantsWithStatus(t.Context(), f.id, status, "", 10000)
		require.NoError(t, err)
		return len(ps) == n, fmt.Sprintf("%d of %d %s", len(ps), n, status)
	})
}

// participants are the campaign's participants, in id order.
func (f *tabs) participants(t *testing.T) []domain.Participant {
	t.Helper()
	ps, err := f.srv.Store.ListParticipants(t.Context(), f.id, "", 10000)
	require.NoError(t, err)
	return ps
}

// path is a page of the campaign.
func (f *tabs) path(tab string) string { return "/campaigns/" + f.id + "/" + tab }

// rowNames are the names of the participants the tab lists.
func rowNames(b *webtest.Browser) []string { return b.Texts("table.table tbody td.name") }

// waitText waits until the element's text is want, without loading a page.
func waitText(t *testing.T, b *webtest.Browser, css, want string) {
	t.Helper()
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		got := b.Text(css)
		return got == want, fmt.Sprintf("%s shows %q", css, got)
	})
}

// noSideScroll checks that the page fits a 390 px screen.
func noSideScroll(t *testing.T, b *webtest.Browser, path string) {
	t.Helper()
	require.Equal(t, 390, webtest.Eval[int](b, `window.innerWidth`), path)
	require.LessOrEqual(t, webtest.Eval[int](b, `document.documentElement.scrollWidth`), 390, "%s scrolls sideways", path)
}
