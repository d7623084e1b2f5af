package deliverability

import (
	"net/http"
	"net/mail"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// headers parses a received message's header.
func headers(t *testing.T, m workertest.Message) mail.Header {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(m.Raw))
	require.NoError(t, err)
	return msg.Header
}

// TestSenderPerCampaign: a campaign's settings and a drip campaign set From
// name, From address and Reply-To (checked addresses); the outbox row keeps
// them, so a send retried after the settings changed uses the same sender;
// without one, MAIL_FROM is the sender.
func TestSenderPerCampaign(t *testing.T) {
	h := harness.New(t)
	vic := h.NewContact("Vic", nil)
	id := h.CreateCampaign("Sender")["id"].(string)
	settings := "/api/v1/campaigns/" + id + "/settings"
	var p harness.Problem
	for field, sender := range map[string]map[string]any{
		"sender.from_address": {"from_address": "nope"},
		"sender.reply_to":     {"reply_to": "a@example.org, b@example.org"},
		"sender.from_name":    {"from_name": "Spring\r\nBcc: everyone@example.org"},
	} {
		resp := h.Call("PUT", settings, map[string]any{"sender": sender}, &p)
		harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, field)
	}
	var got domain.CampaignSettings
	resp := h.Call("PUT", settings, map[string]any{"sender": map[string]any{"from_name": "Spring Team",
		"from_address": "spring@brand.example", "reply_to": "replies@brand.example"}}, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.Sender{FromName: "Spring Team", FromAddress: "spring@brand.example", ReplyTo: "replies@brand.example"}, got.Sender)

	resp = h.Call("PUT", "/api/v1/campaigns/"+id+"/workflow", map[string]any{"statuses": harness.ContactedEmail("Hello {{nameFirst}}")}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": []string{vic.ID}}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
	first := headers(t, h.WaitInbox("Vic"+h.Suffix, 1)[0])
	assert.Equal(t, `"Spring Team" <spring@brand.example>`, first.Get("From"))
	assert.Equal(t, "<replies@brand.example>", first.Get("Reply-To"))

	// The settings change; the message is sent again (a retry): same sender.
	resp = h.Call("PUT", settings, map[string]any{"sender": map[string]any{"from_name": "Other", "from_address": "other@brand.example", "reply_to": ""}}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var key string
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), "UPDATE outbox SET status = 'pending' WHERE campaign_id = $1 RETURNING idem_key", id).Scan(&key))
	res, err := h.Worker.Acts.SendEmails(t.Context(), activities.SendEmailsInput{Keys: []string{key}})
	require.NoError(t, err)
	require.Equal(t, 1, res.Sent)
	again := h.WaitInbox("Vic"+h.Suffix, 2)
	assert.Equal(t, again[0].MessageID, again[1].MessageID)
	assert.Equal(t, `"Spring Team" <spring@brand.example>`, headers(t, again[1]).Get("From"), "the row's sender, not the new one")

	// A drip campaign's sender.
	steps := []domain.DripStep{harness.EmailStep("Welcome", 0)}
	resp = h.Call("POST", "/api/v1/drip-campaigns", map[string]any{"name": "Bad", "steps": steps, "sender": map[string]any{"from_address": "x"}}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "sender.from_address")
	var drip domain.DripCampaign
	resp = h.Call("POST", "/api/v1/drip-campaigns", map[string]any{"name": "Desk", "steps": steps,
		"sender": map[string]any{"from_name": "Partner Desk", "from_address": "desk@brand.example"}}, &drip)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "desk@brand.example", drip.Sender.FromAddress)
	wen := h.NewContact("Wen", nil)
	resp, _, _ = h.StartDrip(wen.ID, drip.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	dripped := headers(t, h.WaitInbox("Wen"+h.Suffix, 1)[0])
	assert.Equal(t, `"Partner Desk" <desk@brand.example>`, dripped.Get("From"))
	assert.Empty(t, dripped.Get("Reply-To"))

	// No sender set: MAIL_FROM.
	lead := h.CreateLead(h.LeadBody("Lou", "Lead"))
	var b harness.BatchView
	resp = h.Call("POST", "/api/v1/leads/email", map[string]any{"lead_ids": []int64{lead.ID}, "subject": "Hi", "body": "Hello"}, &b)
	require.Equal(t, http.StatusAccepted, resp.StatusCode)
	h.WaitBatch(b.ID)
	plain := headers(t, h.WaitInbox(strings.ToLower(lead.Email), 1)[0])
	assert.Equal(t, `"Drumbeat Tests" <tests@drumbeat.local>`, plain.Get("From"))
}
