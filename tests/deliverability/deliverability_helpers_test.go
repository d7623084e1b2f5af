package deliverability

import (
	"io"
	"net/http"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// mailedPair creates the contacts first and second and a campaign name that
// emails them both, and waits for second's email (the server may refuse
// first's). It answers the two contacts and the campaign's id.
func mailedPair(h *harness.Harness, name, first, second string) (harness.ContactAnswer, harness.ContactAnswer, string) {
	h.T.Helper()
	a, b := h.NewContact(first, nil), h.NewContact(second, nil)
	camp := h.MailCampaign(name, a.ID, b.ID)
	h.WaitInbox(second+h.Suffix, 1)
	return a, b, camp
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
