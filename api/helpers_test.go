package api_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/api"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// harness is the whole system for one test: its own database, a worker on
// its own task queue, and the API served over HTTP.
type harness struct {
	t   testing.TB
	st  *store.Store
	wk  *workertest.Env
	srv *httptest.Server
	// router is the API's handler the server serves, behind checkedAPI.
	router  http.Handler
	token   string
	admin   domain.User
	manager domain.User
	suffix  string // every contact's email ends with it, so the inbox can be read per test
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	st := storetest.New(t)
	wk := workertest.Start(t, st, 7)
	return newHarnessOn(t, st, wk)
}

func newHarnessOn(t testing.TB, st *store.Store, wk *workertest.Env) *harness {
	t.Helper()
	ctx := t.Context()
	h := &harness{t: t, st: st, wk: wk, token: "tok-" + randHex(8), suffix: "@" + randHex(5) + ".example.test"}
	h.admin = domain.User{ID: uuid.NewString(), Name: "Admin", Email: "admin" + h.suffix, Privileges: []string{domain.PrivAdmin}}
	h.manager = domain.User{ID: uuid.NewString(), Name: "Manager", Email: "manager" + h.suffix, Privileges: []string{domain.PrivCampaigns}}
	require.NoError(t, st.UpsertUser(ctx, h.admin))
	require.NoError(t, st.UpsertUser(ctx, h.manager))
	require.NoError(t, st.AddToken(ctx, h.admin.ID, h.token, "test"))
	h.router = api.NewRouter(api.Config{Store: st, Temporal: wk.Client, TaskQueue: wk.TaskQueue, MaxParticipants: harnessMaxParticipants,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), AuthFailuresPerMinute: harnessAuthFailures,
		Unsubscribe: workertest.Unsubscribe})
	// Every answer of every test is checked against the OpenAPI document.
	h.srv = httptest.NewServer(checkedAPI(t, h.router))
	t.Cleanup(h.srv.Close)
	return h
}

// harnessMaxParticipants is the participant cap of harness APIs.
var harnessMaxParticipants = 50

// harnessAuthFailures is the failed-authentication limit of harness APIs:
// high, because access tests call many routes with no or unknown tokens from
// one address. The limit itself is tested on routers of its own
// (TestFailedAuthenticationsAreRateLimitedPerAddress).
var harnessAuthFailures = 1_000_000

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// contacts creates n contacts with emails under the harness suffix.
func (h *harness) contacts(n int) []string {
	h.t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = uuid.NewString()
		require.NoError(h.t, h.st.UpsertContact(h.t.Context(), domain.Contact{ID: ids[i], FirstName: fmt.Sprintf("First%d", i),
			LastName: "Last", Email: fmt.Sprintf("c%d%s", i, h.suffix)}))
	}
	return ids
}

// call sends a request with the harness token and decodes a JSON answer into out.
func (h *harness) call(method, path string, body any, out any) *http.Response {
	h.t.Helper()
	return h.callAs(h.token, method, path, body, out)
}

func (h *harness) callAs(token, method, path string, body any, out any) *http.Response {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		buf, err := json.Marshal(b)
		require.NoError(h.t, err)
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	require.NoError(h.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	if out != nil && len(raw) > 0 {
		require.NoError(h.t, json.Unmarshal(raw, out), "body: %s", raw)
	}
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	return resp
}

// createCampaign creates a campaign managed by the harness manager.
func (h *harness) createCampaign(name string) map[string]any {
	h.t.Helper()
	var c map[string]any
	resp := h.call("POST", "/api/v1/campaigns", map[string]any{"name": name, "priority": "B", "manager_id": h.manager.ID}, &c)
	require.Equal(h.t, http.StatusCreated, resp.StatusCode, "%v", c)
	return c
}

type participantsPage struct {
	Items      []domain.Participant `json:"items"`
	NextCursor string               `json:"next_cursor"`
}

// participants reads every participant of a campaign through the API, page by page.
func (h *harness) participants(campaignID string) []domain.Participant {
	h.t.Helper()
	var all []domain.Participant
	cursor := ""
	for {
		var p participantsPage
		resp := h.call("GET", "/api/v1/campaigns/"+campaignID+"/participants?limit=10&cursor="+cursor, nil, &p)
		require.Equal(h.t, http.StatusOK, resp.StatusCode)
		all = append(all, p.Items...)
		if p.NextCursor == "" {
			return all
		}
		cursor = p.NextCursor
	}
}

// problemBody is an RFC 9457 answer.
type problemBody struct {
	Type   string              `json:"type"`
	Title  string              `json:"title"`
	Status int                 `json:"status"`
	Detail string              `json:"detail"`
	Errors []domain.FieldError `json:"errors"`
}

func jsonUnmarshal(raw []byte, v any) error { return json.Unmarshal(raw, v) }

// assertOneEmailEach waits until n emails reached the harness's recipients
// and checks that each of n recipients got exactly one.
func (h *harness) assertOneEmailEach(n int) {
	h.t.Helper()
	workertest.Eventually(h.t, 60*time.Second, func() (bool, string) {
		got := len(workertest.Inbox(h.t, h.suffix))
		return got >= n, fmt.Sprintf("%d of %d emails", got, n)
	})
	perRecipient := map[string]int{}
	for _, m := range workertest.Inbox(h.t, h.suffix) {
		perRecipient[m.To[0]]++
	}
	assert.Len(h.t, perRecipient, n)
	for to, k := range perRecipient {
		assert.Equal(h.t, 1, k, "emails to %s", to)
	}
}
