package api_test

import (
	"fmt"
	"io"
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

// mailCampaign creates a campaign whose Contacted status sends an email,
// adds the contacts and starts it (everyone is emailed once).
func (h *harness) mailCampaign(name string, contactIDs ...string) string {
	h.t.Helper()
	id := h.createCampaign(name)["id"].(string)
	resp := h.call("PUT", "/api/v1/campaigns/"+id+"/workflow", map[string]any{"statuses": contactedEmail(name + " for {{nameFirst}}")}, nil)
	require.Equal(h.t, http.StatusOK, resp.StatusCode)
	resp = h.call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": contactIDs}, nil)
	require.Equal(h.t, http.StatusCreated, resp.StatusCode)
	resp = h.call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil)
	require.Equal(h.t, http.StatusOK, resp.StatusCode, "%s", readAll(h.t, resp))
	return id
}

// waitInbox waits until the address received n messages and returns them.
func (h *harness) waitInbox(address string, n int) []workertest.Message {
	h.t.Helper()
	var got []workertest.Message
	workertest.Eventually(h.t, 60*time.Second, func() (bool, string) {
		got = workertest.Inbox(h.t, address)
		return len(got) >= n, fmt.Sprintf("%d of %d messages to %s", len(got), n, address)
	})
	return got
}

// unsubscribeToken checks that a message offers one-click unsubscribe
// (RFC 8058 headers, the same link in its text) and returns the token of
// its link.
func unsubscribeToken(t *testing.T, m workertest.Message) string {
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

// unsubscribe posts a one-click form to /u/{token}, as a mailbox provider does.
func (h *harness) unsubscribe(token, body string) (*http.Response, string) {
	h.t.Helper()
	resp, err := http.Post(h.srv.URL+"/u/"+token, "application/x-www-form-urlencoded", strings.NewReader(body))
	require.NoError(h.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	return resp, string(raw)
}

// unsubscribePage opens /u/{token} without signing in.
func (h *harness) unsubscribePage(token string) (*http.Response, string) {
	h.t.Helper()
	resp, err := http.Get(h.srv.URL + "/u/" + token)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	return resp, string(raw)
}

type suppressionPage struct {
	Items      []domain.Suppression `json:"items"`
	NextCursor string               `json:"next_cursor"`
}

// suppressions lists the entries whose address contains q.
func (h *harness) suppressions(q string) []domain.Suppression {
	h.t.Helper()
	var p suppressionPage
	resp := h.call("GET", "/api/v1/suppressions?q="+url.QueryEscape(q), nil, &p)
	require.Equal(h.t, http.StatusOK, resp.StatusCode)
	return p.Items
}

// contactActivity is one of a contact's activities as the API lists it.
type contactActivity struct {
	Kind       string         `json:"kind"`
	Subject    string         `json:"subject"`
	CampaignID string         `json:"campaign_id"`
	Details    map[string]any `json:"details"`
}

// activitiesOf lists a contact's activities of one kind.
func (h *harness) activitiesOf(contactID, kind string) []contactActivity {
	h.t.Helper()
	var p struct {
		Items []contactActivity `json:"items"`
	}
	resp := h.call("GET", "/api/v1/contacts/"+contactID+"/activities", nil, &p)
	require.Equal(h.t, http.StatusOK, resp.StatusCode)
	var out []contactActivity
	for _, a := range p.Items {
		if a.Kind == kind {
			out = append(out, a)
		}
	}
	return out
}

// outboxStatus reads an email's outbox row: status and last error.
func (h *harness) outboxStatus(where string, args ...any) (string, string) {
	h.t.Helper()
	var status, lastErr string
	require.NoError(h.t, h.st.Pool().QueryRow(h.t.Context(), "SELECT status, last_error FROM outbox WHERE "+where, args...).Scan(&status, &lastErr))
	return status, lastErr
}
