package harness

import (
	"fmt"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// MailCampaign creates a campaign whose Contacted status sends an email,
// adds the contacts and starts it (everyone is emailed once).
func (h *Harness) MailCampaign(name string, contactIDs ...string) string {
	h.T.Helper()
	id := h.CreateCampaign(name)["id"].(string)
	resp := h.Call("PUT", "/api/v1/campaigns/"+id+"/workflow", map[string]any{"statuses": ContactedEmail(name + " for {{nameFirst}}")}, nil)
	require.Equal(h.T, http.StatusOK, resp.StatusCode)
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": contactIDs}, nil)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode)
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil)
	require.Equal(h.T, http.StatusOK, resp.StatusCode, "%s", ReadAll(h.T, resp))
	return id
}

// WaitInbox waits until the address received n messages and returns them.
func (h *Harness) WaitInbox(address string, n int) []workertest.Message {
	h.T.Helper()
	var got []workertest.Message
	workertest.Eventually(h.T, 60*time.Second, func() (bool, string) {
		got = workertest.Inbox(h.T, address)
		return len(got) >= n, fmt.Sprintf("%d of %d messages to %s", len(got), n, address)
	})
	return got
}

// UnsubscribeToken checks that a message offers one-click unsubscribe
// (RFC 8058 headers, the same link in its text) and returns the token of
// its link.
func UnsubscribeToken(t *testing.T, m workertest.Message) string {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(m.Raw))
	require.NoError(t, err)
	header := msg.Header.Get("List-Unsubscribe")
	require.True(t, strings.HasPrefix(header, "<"+workertest.Unsubscribe.BaseURL+"/u/") && strings.HasSuffix(header, ">"),
		"List-Unsubscribe: %q", header)
	assert.Equal(t, "List-Unsubscribe=One-Click", msg.Header.Get("List-Unsubscribe-Post"))
	link := strings.Trim(header, "<>")
	assert.Contains(t, m.Text, "unsubscribe: "+link, "the link is in the text")
	return strings.TrimPrefix(link, workertest.Unsubscribe.BaseURL+"/u/")
}

// SuppressionPage is one page of GET /suppressions.
type SuppressionPage struct {
	Items      []domain.Suppression `json:"items"`
	NextCursor string               `json:"next_cursor"`
}

// Suppressions lists the entries whose address contains q.
func (h *Harness) Suppressions(q string) []domain.Suppression {
	h.T.Helper()
	var p SuppressionPage
	resp := h.Call("GET", "/api/v1/suppressions?q="+url.QueryEscape(q), nil, &p)
	require.Equal(h.T, http.StatusOK, resp.StatusCode)
	return p.Items
}

// OutboxStatus reads an email's outbox row: status and last error.
func (h *Harness) OutboxStatus(where string, args ...any) (string, string) {
	h.T.Helper()
	var status, lastErr string
	require.NoError(h.T, h.Store.Pool().QueryRow(h.T.Context(), "SELECT status, last_error FROM outbox WHERE "+where, args...).Scan(&status, &lastErr))
	return status, lastErr
}
