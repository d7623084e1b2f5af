package deliverability

import (
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// mailCampaign creates a campaign whose Contacted status sends an email,
// adds the contacts and starts it (everyone is emailed once).
func mailCampaign(h *harness.Harness, name string, contactIDs ...string) string {
	h.T.Helper()
	id := h.CreateCampaign(name)["id"].(string)
	resp := h.Call("PUT", "/api/v1/campaigns/"+id+"/workflow", map[string]any{"statuses": harness.ContactedEmail(name + " for {{nameFirst}}")}, nil)
	require.Equal(h.T, http.StatusOK, resp.StatusCode)
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": contactIDs}, nil)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode)
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil)
	require.Equal(h.T, http.StatusOK, resp.StatusCode, "%s", harness.ReadAll(h.T, resp))
	return id
}

// unsubscribe posts a one-click form to /u/{token}, as a mailbox provider does.
func unsubscribe(h *harness.Harness, token, body string) (*http.Response, string) {
	h.T.Helper()
	resp, err := http.Post(h.Server.URL+"/u/"+token, "application/x-www-form-urlencoded", strings.NewReader(body))
	require.NoError(h.T, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(h.T, err)
	return resp, string(raw)
}

// unsubscribePage opens /u/{token} without signing in.
func unsubscribePage(h *harness.Harness, token string) (*http.Response, string) {
	h.T.Helper()
	resp, err := http.Get(h.Server.URL + "/u/" + token)
	require.NoError(h.T, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(h.T, err)
	return resp, string(raw)
}

type suppressionPage struct {
	Items      []domain.Suppression `json:"items"`
	NextCursor string               `json:"next_cursor"`
}

// suppressions lists the entries whose address contains q.
func suppressions(h *harness.Harness, q string) []domain.Suppression {
	h.T.Helper()
	var p suppressionPage
	resp := h.Call("GET", "/api/v1/suppressions?q="+url.QueryEscape(q), nil, &p)
	require.Equal(h.T, http.StatusOK, resp.StatusCode)
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
func activitiesOf(h *harness.Harness, contactID, kind string) []contactActivity {
	h.T.Helper()
	var p struct {
		Items []contactActivity `json:"items"`
	}
	resp := h.Call("GET", "/api/v1/contacts/"+contactID+"/activities", nil, &p)
	require.Equal(h.T, http.StatusOK, resp.StatusCode)
	var out []contactActivity
	for _, a := range p.Items {
		if a.Kind == kind {
			out = append(out, a)
		}
	}
	return out
}

// outboxStatus reads an email's outbox row: status and last error.
func outboxStatus(h *harness.Harness, where string, args ...any) (string, string) {
	h.T.Helper()
	var status, lastErr string
	require.NoError(h.T, h.Store.Pool().QueryRow(h.T.Context(), "SELECT status, last_error FROM outbox WHERE "+where, args...).Scan(&status, &lastErr))
	return status, lastErr
}
