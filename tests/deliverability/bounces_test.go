package deliverability

import (
	"bytes"
	"fmt"
	"io"
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

// TestRefusedRecipientIsAHardBounce: the SMTP server refuses an address for
// good (550 5.1.1) when the campaign email is sent; the address is
// suppressed as a hard bounce, the event is on the contact's activities, and
// the next email to it is suppressed without being tried.
func TestRefusedRecipientIsAHardBounce(t *testing.T) {
	h := harness.New(t)
	ray, sue, camp := mailedPair(h, "Bounce", "bounce-Ray", "Sue")
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		return len(h.Suppressions("bounce-ray")) == 1, "waiting for the bounce"
	})
	sup := h.Suppressions("bounce-ray")[0]
	assert.Equal(t, domain.SuppressHardBounce, sup.Reason)
	assert.Equal(t, "smtp: hard", sup.Source)
	status, lastErr := h.OutboxStatus("campaign_id = $1 AND to_addr = $2", camp, ray.Email)
	assert.Equal(t, "failed", status)
	assert.Contains(t, lastErr, "550")
	bounces := activitiesOf(h, ray.ID, "bounce")
	require.Len(t, bounces, 1)
	assert.Equal(t, camp, bounces[0].CampaignID)
	assert.Contains(t, bounces[0].Details["diagnostic"], "5.1.1")
	assert.Empty(t, activitiesOf(h, sue.ID, "bounce"))

	drip := h.CreateDrip("After bounce", []domain.DripStep{harness.EmailStep("Hello", 0)}, nil)
	resp, _, _ := h.StartDrip(ray.ID, drip.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	h.WaitSteps(ray.ID, drip.ID, 1)
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		r := h.Steps(ray.ID, drip.ID).Items[0].Result
		return r == "suppressed: hard_bounce", r
	})
	status, _ = h.OutboxStatus("drip_campaign_id = $1", drip.ID)
	assert.Equal(t, "suppressed", status, "not tried at the server again")
}

// eventsAnswer is the answer of POST /bounces.
type eventsAnswer struct {
	Events []domain.EmailEvent `json:"events"`
}

// postReport posts a body with a content type to /bounces as the token's user.
func postReport(h *harness.Harness, token, contentType, body string) (*http.Response, string) {
	h.T.Helper()
	req, err := http.NewRequest("POST", h.Server.URL+"/api/v1/bounces", strings.NewReader(body))
	require.NoError(h.T, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(h.T, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(h.T, err)
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	return resp, string(raw)
}

// TestBounceEvents: JSON events matched by Message-ID (a hard bounce, a
// complaint, soft bounces of which the third within 7 days suppresses),
// a report received twice, and refused input.
func TestBounceEvents(t *testing.T) {
	h := harness.New(t)
	sue := h.NewContact("Sue", nil)
	camp := h.MailCampaign("Events", sue.ID)
	sent := h.WaitInbox("Sue"+h.Suffix, 1)[0]
	post := func(body map[string]any) domain.EmailEvent {
		t.Helper()
		var out eventsAnswer
		resp := h.Call("POST", "/api/v1/bounces", body, &out)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%v", body)
		require.Len(t, out.Events, 1)
		return out.Events[0]
	}

	ev := post(map[string]any{"message_id": "<" + sent.MessageID + ">", "type": "hard", "diagnostic": "550 5.1.1 gone"})
	assert.Equal(t, strings.ToLower(sue.Email), ev.Address, "taken from the message")
	assert.Equal(t, sue.ID, ev.ContactID)
	assert.NotEmpty(t, ev.OutboxKey)
	assert.Equal(t, domain.SuppressHardBounce, ev.Suppressed)
	bounces := activitiesOf(h, sue.ID, "bounce")
	require.Len(t, bounces, 1)
	assert.Equal(t, camp, bounces[0].CampaignID)
	assert.Equal(t, "550 5.1.1 gone", bounces[0].Details["diagnostic"])

	ev = post(map[string]any{"type": "complaint", "address": "Angry" + h.Suffix})
	assert.Equal(t, domain.SuppressComplaint, ev.Suppressed)

	// Soft bounces: the third within 7 days suppresses, two do not.
	now := time.Now().UTC().Truncate(time.Second)
	soft := func(at time.Time) domain.EmailEvent {
		return post(map[string]any{"type": "soft", "address": "full" + h.Suffix, "diagnostic": "452 4.2.2 mailbox full", "occurred_at": at})
	}
	assert.Empty(t, soft(now.Add(-8*24*time.Hour)).Suppressed)
	assert.Empty(t, soft(now.Add(-24*time.Hour)).Suppressed)
	second := soft(now.Add(-time.Hour))
	assert.Empty(t, second.Suppressed, "two within 7 days (the first is older)")
	again := soft(now.Add(-time.Hour))
	assert.True(t, again.Duplicate, "the same report twice")
	assert.Equal(t, second.ID, again.ID)
	assert.Empty(t, again.Suppressed, "a duplicate is not a third bounce")
	assert.Empty(t, h.Suppressions("full"))
	assert.Equal(t, domain.SuppressHardBounce, soft(now).Suppressed)
	sup := h.Suppressions("full")
	require.Len(t, sup, 1)
	assert.Equal(t, "webhook: 3 soft bounces within 7 days", sup[0].Source)

	// Refused input writes nothing.
	var p harness.Problem
	resp := h.Call("POST", "/api/v1/bounces", `{"type": "hard", "address":`, &p)
	assert.Contains(t, []int{http.StatusBadRequest, http.StatusUnprocessableEntity}, resp.StatusCode, "malformed JSON")
	for body, field := range map[string]string{
		`{"type": 5, "address": "x@example.org"}`:                           "type",
		`{"type": "bogus", "address": "x@example.org"}`:                     "type",
		`{"type": "hard"}`:                                                  "address",
		`{"type": "hard", "address": "not an address"}`:                     "address",
		`{"type": "hard", "message_id": "<nobody@example.org>"}`:            "message_id",
		`{"type": "hard", "address": "x@example.org", "occurred_at": "no"}`: "body",
		`{"type": "hard", "address": "x@example.org", "extra": 1}`:          "body",
		fmt.Sprintf(`{"type": "soft", "address": "x@example.org", "occurred_at": %q}`, now.Add(48*time.Hour).Format(time.RFC3339)): "occurred_at",
	} {
		resp = h.Call("POST", "/api/v1/bounces", body, &p)
		harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, field)
	}
	_, marketer := h.User("Marketer", domain.PrivMarketing, domain.PrivCampaigns, domain.PrivLeads)
	resp = h.CallAs(marketer, "POST", "/api/v1/bounces", map[string]any{"type": "hard", "address": "x@example.org"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusForbidden, "")
	resp, body := postReport(h, h.Token, "text/plain", "hello")
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode, body)
	assert.Empty(t, h.Suppressions("x@example.org"))
	assert.Zero(t, h.Count("SELECT count(*) FROM email_events WHERE address = 'x@example.org'"))
}

// dsnReport is a delivery status notification, as a receiving server sends
// it back, about the message with the given Message-ID to rcpt.
func dsnReport(messageID, rcpt, status string) string {
	return "From: MAILER-DAEMON@mx.example.net\r\nSubject: Delivery Status Notification (Failure)\r\n" +
		"Date: " + time.Now().UTC().Format(time.RFC1123Z) + "\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\r\n\r\n" +
		"--R\r\nContent-Type: text/plain\r\n\r\nThe message could not be delivered.\r\n" +
		"--R\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n" +
		"Final-Recipient: rfc822; " + rcpt + "\r\nAction: failed\r\nStatus: " + status + "\r\n" +
		"Diagnostic-Code: smtp; 550 " + status + " no such user\r\n\r\n" +
		"--R\r\nContent-Type: message/rfc822\r\n\r\nMessage-ID: <" + messageID + ">\r\nTo: " + rcpt + "\r\nSubject: News\r\n\r\nHello\r\n" +
		"--R--\r\n"
}

// TestDeliveryStatusNotification: a raw RFC 3464 report posted as
// message/rfc822 is parsed, matched to the lead email it returns by the
// embedded Message-ID, suppresses the address and is listed on the lead's
// activities. What is no report is refused.
func TestDeliveryStatusNotification(t *testing.T) {
	h := harness.New(t)
	lena, sent := emailedLead(h, "Lena", "Lead")

	resp, body := postReport(h, h.Token, "message/rfc822", dsnReport(sent.MessageID, lena.Email, "5.1.1"))
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	var out eventsAnswer
	require.NoError(t, harness.DecodeJSON([]byte(body), &out))
	require.Len(t, out.Events, 1)
	ev := out.Events[0]
	assert.Equal(t, domain.EventHardBounce, ev.Type)
	assert.Equal(t, "dsn", ev.Source)
	assert.Equal(t, lena.ID, ev.LeadID, "matched by the returned message's Message-ID")
	assert.Equal(t, domain.SuppressHardBounce, ev.Suppressed)
	assert.Contains(t, ev.Diagnostic, "5.1.1")
	var acts struct {
		Items []struct{ Kind, Subject string } `json:"items"`
	}
	h.Call("GET", harness.LeadPath(lena.ID, "/activities"), nil, &acts)
	require.Len(t, acts.Items, 1)
	assert.Equal(t, "bounce", acts.Items[0].Kind)

	resp, body = postReport(h, h.Token, "message/rfc822", "Subject: hello\r\n\r\njust mail\r\n")
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, body)
	resp, body = postReport(h, h.Token, "message/rfc822", "Content-Type: multipart/report; boundary=\"R\"\r\n\r\n--R\r\nContent-Type: message/delivery-status\r\n\r\nno end")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, body)
}

// arfReport is a feedback report (RFC 5965) as a mailbox provider sends it
// about the message with the given Message-ID: no Original-Rcpt-To, and
// the returned copy's To redacted, as providers often do.
func arfReport(messageID string) string {
	return "From: feedback@provider.example\r\nSubject: Complaint\r\n" +
		"Date: " + time.Now().UTC().Format(time.RFC1123Z) + "\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=feedback-report; boundary=\"F\"\r\n\r\n" +
		"--F\r\nContent-Type: text/plain\r\n\r\nA user marked this message as spam.\r\n" +
		"--F\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nUser-Agent: Provider-FBL/1.0\r\nVersion: 1\r\n\r\n" +
		"--F\r\nContent-Type: message/rfc822\r\n\r\nMessage-ID: <" + messageID + ">\r\nTo: redacted@provider.example\r\nSubject: News\r\n\r\nHello\r\n" +
		"--F--\r\n"
}

// TestFeedbackReportComplaint: a spam complaint as a feedback loop reports
// it (ARF, message/rfc822) is matched to the lead email by its Message-ID,
// suppresses the address it was sent to (not the redacted one) as a
// complaint, and the lead gets no further email. The same report again
// changes nothing.
func TestFeedbackReportComplaint(t *testing.T) {
	h := harness.New(t)
	lena, sent := emailedLead(h, "Lara", "Complains")

	report := arfReport(sent.MessageID) // built once: the report carries the time it was sent
	resp, body := postReport(h, h.Token, "message/rfc822", report)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	var out eventsAnswer
	require.NoError(t, harness.DecodeJSON([]byte(body), &out))
	require.Len(t, out.Events, 1)
	ev := out.Events[0]
	assert.Equal(t, domain.EventComplaint, ev.Type)
	assert.Equal(t, "arf", ev.Source)
	assert.Equal(t, lena.ID, ev.LeadID)
	assert.Equal(t, strings.ToLower(lena.Email), ev.Address, "the address the message went to")
	assert.Equal(t, domain.SuppressComplaint, ev.Suppressed)
	assert.Empty(t, h.Suppressions("redacted@provider.example"))

	resp, body = postReport(h, h.Token, "message/rfc822", report)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	require.NoError(t, harness.DecodeJSON([]byte(body), &out))
	require.Len(t, out.Events, 1)
	assert.True(t, out.Events[0].Duplicate)

	var b harness.BatchView
	resp = h.Call("POST", "/api/v1/leads/email", map[string]any{"lead_ids": []int64{lena.ID}, "subject": "More", "body": "Again"}, &b)
	require.Equal(t, http.StatusAccepted, resp.StatusCode)
	done := h.WaitBatch(b.ID)
	require.Len(t, done.Items, 1)
	assert.Equal(t, "suppressed: complaint", done.Items[0].Message)
	assert.Len(t, workertest.Inbox(t, h.Suffix), 1, "no second email")
}

// emailedLead creates a lead, sends it one lead batch email and returns the
// lead with the message as the SMTP sink received it.
func emailedLead(h *harness.Harness, first, last string) (harness.LeadJSON, workertest.Message) {
	h.T.Helper()
	l := h.CreateLead(h.LeadBody(first, last))
	var b harness.BatchView
	resp := h.Call("POST", "/api/v1/leads/email", map[string]any{"lead_ids": []int64{l.ID}, "subject": "News", "body": "Hello"}, &b)
	require.Equal(h.T, http.StatusAccepted, resp.StatusCode)
	h.WaitBatch(b.ID)
	return l, h.WaitInbox(h.Suffix, 1)[0]
}
