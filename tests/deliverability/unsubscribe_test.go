package deliverability

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestOneClickUnsubscribe: a campaign email carries a personal link in its
// text and in List-Unsubscribe with List-Unsubscribe-Post; the link opens a
// confirmation page without sign-in and a one-click POST unsubscribes at
// once. Forged and altered links are 404 and change nothing. From then on
// the contact gets no marketing email from any campaign or drip: each one
// ends suppressed, and the results say so.
func TestOneClickUnsubscribe(t *testing.T) {
	h := harness.New(t)
	una, ben, spring := mailedPair(h, "Spring", "Una", "Ben")
	token := harness.UnsubscribeToken(t, h.WaitInbox("Una"+h.Suffix, 1)[0])
	harness.UnsubscribeToken(t, h.WaitInbox("Ben"+h.Suffix, 1)[0])
	parsed, ok := workertest.Unsubscribe.Parse(token)
	require.True(t, ok)
	assert.Equal(t, domain.UnsubscribeToken{ContactID: una.ID, Address: strings.ToLower(una.Email), CampaignID: spring}, parsed)

	resp, page := unsubscribePage(h, token)
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	assert.Contains(t, page, strings.ToLower(una.Email))
	assert.Contains(t, page, `<form method="post"`)
	assert.Contains(t, page, `name="List-Unsubscribe" value="One-Click"`)

	// Forged and altered links: 404, nothing changes.
	other := domain.Unsubscribe{Secret: []byte("another-secret-another-secret-another-secret")}
	p64, mac, _ := strings.Cut(token, ".")
	payload, err := base64.RawURLEncoding.DecodeString(p64)
	require.NoError(t, err)
	altered := base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), una.ID, ben.ID, 1))) + "." + mac
	for _, bad := range []string{
		other.Token(parsed), // signed with another secret
		altered,             // the same signature on another contact
		p64 + "." + mac[:len(mac)-2] + "AA",
		"not-a-token",
	} {
		resp, body := unsubscribePage(h, bad)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, "GET %s: %s", bad, body)
		resp, body = unsubscribe(h, bad, "List-Unsubscribe=One-Click")
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, "POST %s: %s", bad, body)
		assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	}
	resp, body := unsubscribe(h, token, "List-Unsubscribe=Later")
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, body)
	assert.Empty(t, h.Suppressions(h.Suffix), "nothing changed")
	var c harness.ContactAnswer
	h.Call("GET", "/api/v1/contacts/"+una.ID, nil, &c)
	assert.True(t, c.ConsentToContact)

	// One click: 200 at once, no cookie or CSRF field.
	resp, body = unsubscribe(h, token, "List-Unsubscribe=One-Click")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "unsubscribed")
	resp, _ = unsubscribe(h, token, "List-Unsubscribe=One-Click")
	require.Equal(t, http.StatusOK, resp.StatusCode, "a second click is answered the same")

	sup := h.Suppressions(h.Suffix)
	require.Len(t, sup, 1)
	assert.Equal(t, strings.ToLower(una.Email), sup[0].Address)
	assert.Equal(t, domain.SuppressUnsubscribed, sup[0].Reason)
	assert.Equal(t, "campaign/"+spring, sup[0].Source)
	h.Call("GET", "/api/v1/contacts/"+una.ID, nil, &c)
	assert.False(t, c.ConsentToContact, "the unsubscribe withdraws the contact's consent")
	for _, p := range h.Participants(spring) {
		assert.Equal(t, p.ContactID == una.ID, p.UnsubscribedAt != nil, "participant %s", p.FirstName)
	}
	acts := activitiesOf(h, una.ID, "unsubscribe")
	require.Len(t, acts, 1, "one activity however often the link is clicked")
	assert.Equal(t, spring, acts[0].CampaignID)

	// No further marketing email: another campaign and a drip suppress it.
	summer := h.MailCampaign("Summer", una.ID, ben.ID)
	h.WaitInbox("Ben"+h.Suffix, 2)
	drip := h.CreateDrip("Nurture", []domain.DripStep{harness.EmailStep("Hello", 0)}, nil)
	resp, _, _ = h.StartDrip(una.ID, drip.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	steps := h.WaitSteps(una.ID, drip.ID, 1)
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		steps = h.Steps(una.ID, drip.ID)
		return steps.Items[0].Result != "", "waiting for the step's result"
	})
	assert.Equal(t, "suppressed: unsubscribed", steps.Items[0].Result)
	status, lastErr := h.OutboxStatus("campaign_id = $1 AND to_addr = $2", summer, una.Email)
	assert.Equal(t, "suppressed", status)
	assert.Equal(t, "suppressed: unsubscribed", lastErr)
	var emailed []contactActivity
	for _, a := range activitiesOf(h, una.ID, "email") {
		if a.CampaignID == summer {
			emailed = append(emailed, a)
		}
	}
	require.Len(t, emailed, 1)
	assert.Equal(t, "unsubscribed", emailed[0].Details["suppressed"], "the email activity says it was not sent")
	assert.Len(t, h.InboxFor("Una"), 1, "only the first email reached Una")
}

// TestDripUnsubscribeMarksTheEnrollment: a drip email's link names the drip
// campaign; unsubscribing marks the contact's enrollment.
func TestDripUnsubscribeMarksTheEnrollment(t *testing.T) {
	h := harness.New(t)
	dora := h.NewContact("Dora", nil)
	drip := h.CreateDrip("Welcome", []domain.DripStep{harness.EmailStep("Hello", 0)}, nil)
	resp, _, _ := h.StartDrip(dora.ID, drip.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	token := harness.UnsubscribeToken(t, h.WaitInbox("Dora"+h.Suffix, 1)[0])
	assert.Equal(t, "sent", h.WaitSteps(dora.ID, drip.ID, 1).Items[0].Result)
	resp, body := unsubscribe(h, token, "List-Unsubscribe=One-Click")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	enrollments := h.Drips(dora.ID)
	require.Len(t, enrollments, 1)
	assert.NotNil(t, enrollments[0].UnsubscribedAt)
	sup := h.Suppressions("dora")
	require.Len(t, sup, 1)
	assert.Equal(t, "drip/"+drip.ID, sup[0].Source)
	acts := activitiesOf(h, dora.ID, "unsubscribe")
	require.Len(t, acts, 1)
	assert.Equal(t, "drip/"+drip.ID, acts[0].Details["source"])
}

// TestLeadEmailUnsubscribe: a lead batch email carries the link in its text
// and HTML parts; unsubscribing withdraws the lead's consent (on its audit
// trail and activities), and the next batch email to it is skipped as
// suppressed.
func TestLeadEmailUnsubscribe(t *testing.T) {
	h := harness.New(t)
	lena := h.CreateLead(h.LeadBody("Lena", "Lead"))
	send := func() harness.BatchView {
		var b harness.BatchView
		resp := h.Call("POST", "/api/v1/leads/email", map[string]any{"lead_ids": []int64{lena.ID}, "subject": "News",
			"body": "<html><body><p>Hello {{nameFirst}}</p></body></html>"}, &b)
		require.Equal(t, http.StatusAccepted, resp.StatusCode)
		return h.WaitBatch(b.ID)
	}
	first := send()
	require.Equal(t, 1, first.Succeeded)
	m := h.WaitInbox(h.Suffix, 1)[0]
	token := harness.UnsubscribeToken(t, m)
	assert.Contains(t, m.Raw, `<a href=3D"`+workertest.Unsubscribe.BaseURL+"/u/", "the HTML part links it too (quoted-printable)")
	parsed, ok := workertest.Unsubscribe.Parse(token)
	require.True(t, ok)
	assert.Equal(t, lena.ID, parsed.LeadID)
	assert.Equal(t, first.ID, parsed.BatchID)

	resp, body := unsubscribe(h, token, "List-Unsubscribe=One-Click")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	var l harness.LeadJSON
	h.Call("GET", harness.LeadPath(lena.ID, ""), nil, &l)
	assert.False(t, l.ConsentToContact)
	var acts struct {
		Items []struct{ Kind string } `json:"items"`
	}
	h.Call("GET", harness.LeadPath(lena.ID, "/activities"), nil, &acts)
	kinds := []string{}
	for _, a := range acts.Items {
		kinds = append(kinds, a.Kind)
	}
	assert.Contains(t, kinds, "unsubscribe")
	assert.Contains(t, harness.ReadAll(t, h.Call("GET", harness.LeadPath(lena.ID, "/audit"), nil, nil)), `"unsubscribe"`)

	second := send()
	assert.Equal(t, 1, second.Skipped)
	assert.Equal(t, "suppressed: unsubscribed", second.Items[0].Message)
	assert.Len(t, workertest.Inbox(t, h.Suffix), 1, "no second email")
}
