package harness

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

// Harness is the whole system for one test: its own database, a worker on
// its own task queue, and the API served over HTTP.
type Harness struct {
	T      testing.TB
	Store  *store.Store
	Worker *workertest.Env
	Server *httptest.Server
	// Router is the API's handler the server serves, behind CheckedAPI.
	Router  http.Handler
	Token   string
	Admin   domain.User
	Manager domain.User
	Suffix  string // every contact's email ends with it, so the inbox can be read per test
}

// New starts the whole system for one test: a fresh database, a worker on its own task queue and the API.
func New(t testing.TB) *Harness {
	t.Helper()
	st := storetest.New(t)
	wk := workertest.Start(t, st, 7)
	return NewOn(t, st, wk)
}

// NewOn serves the API over st and the worker environment wk, with an admin (the harness token) and a manager.
func NewOn(t testing.TB, st *store.Store, wk *workertest.Env) *Harness {
	t.Helper()
	ctx := t.Context()
	h := &Harness{T: t, Store: st, Worker: wk, Token: "tok-" + RandHex(8), Suffix: "@" + RandHex(5) + ".example.test"}
	h.Admin = domain.User{ID: uuid.NewString(), Name: "Admin", Email: "admin" + h.Suffix, Privileges: []string{domain.PrivAdmin}}
	h.Manager = domain.User{ID: uuid.NewString(), Name: "Manager", Email: "manager" + h.Suffix, Privileges: []string{domain.PrivCampaigns}}
	require.NoError(t, st.UpsertUser(ctx, h.Admin))
	require.NoError(t, st.UpsertUser(ctx, h.Manager))
	require.NoError(t, st.AddToken(ctx, h.Admin.ID, h.Token, "test"))
	h.Router = api.NewRouter(api.Config{Store: st, Temporal: wk.Client, TaskQueue: wk.TaskQueue, MaxParticipants: MaxParticipants,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), AuthFailuresPerMinute: harnessAuthFailures,
		Unsubscribe: workertest.Unsubscribe})
	// Every answer of every test is checked against the OpenAPI document.
	h.Server = httptest.NewServer(CheckedAPI(t, h.Router))
	t.Cleanup(h.Server.Close)
	return h
}

// MaxParticipants is the participant cap of harness APIs.
var MaxParticipants = 50

// harnessAuthFailures is the failed-authentication limit of harness APIs:
// high, because access tests call many routes with no or unknown tokens from
// one address. The limit itself is tested on routers of its own
// (TestFailedAuthenticationsAreRateLimitedPerAddress).
var harnessAuthFailures = 1_000_000

// RandHex is n random bytes in hex, for names and addresses no other test uses.
func RandHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Contacts creates n contacts with emails under the harness suffix.
func (h *Harness) Contacts(n int) []string {
	h.T.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = uuid.NewString()
		require.NoError(h.T, h.Store.UpsertContact(h.T.Context(), domain.Contact{ID: ids[i], FirstName: fmt.Sprintf("First%d", i),
			LastName: "Last", Email: fmt.Sprintf("c%d%s", i, h.Suffix)}))
	}
	return ids
}

// Call sends a request with the harness token and decodes a JSON answer into out.
func (h *Harness) Call(method, path string, body any, out any) *http.Response {
	h.T.Helper()
	return h.CallAs(h.Token, method, path, body, out)
}

// CallAs sends a request with token (none when empty) and decodes a JSON answer into out.
func (h *Harness) CallAs(token, method, path string, body any, out any) *http.Response {
	h.T.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		buf, err := json.Marshal(b)
		require.NoError(h.T, err)
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, h.Server.URL+path, rd)
	require.NoError(h.T, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(h.T, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(h.T, err)
	if out != nil && len(raw) > 0 {
		require.NoError(h.T, json.Unmarshal(raw, out), "body: %s", raw)
	}
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	return resp
}

// CreateCampaign creates a campaign managed by the harness manager.
func (h *Harness) CreateCampaign(name string) map[string]any {
	h.T.Helper()
	var c map[string]any
	resp := h.Call("POST", "/api/v1/campaigns", map[string]any{"name": name, "priority": "B", "manager_id": h.Manager.ID}, &c)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%v", c)
	return c
}

// ParticipantsPage is one page of GET /campaigns/{id}/participants.
type ParticipantsPage struct {
	Items      []domain.Participant `json:"items"`
	NextCursor string               `json:"next_cursor"`
}

// Participants reads every participant of a campaign through the API, page by page.
func (h *Harness) Participants(campaignID string) []domain.Participant {
	h.T.Helper()
	var all []domain.Participant
	cursor := ""
	for {
		var p ParticipantsPage
		resp := h.Call("GET", "/api/v1/campaigns/"+campaignID+"/participants?limit=10&cursor="+cursor, nil, &p)
		require.Equal(h.T, http.StatusOK, resp.StatusCode)
		all = append(all, p.Items...)
		if p.NextCursor == "" {
			return all
		}
		cursor = p.NextCursor
	}
}

// Problem is an RFC 9457 answer.
type Problem struct {
	Type   string              `json:"type"`
	Title  string              `json:"title"`
	Status int                 `json:"status"`
	Detail string              `json:"detail"`
	Errors []domain.FieldError `json:"errors"`
}

// DecodeJSON decodes a JSON answer into v.
func DecodeJSON(raw []byte, v any) error { return json.Unmarshal(raw, v) }

// AssertOneEmailEach waits until n emails reached the harness's recipients
// and checks that each of n recipients got exactly one.
func (h *Harness) AssertOneEmailEach(n int) {
	h.T.Helper()
	workertest.Eventually(h.T, 60*time.Second, func() (bool, string) {
		got := len(workertest.Inbox(h.T, h.Suffix))
		return got >= n, fmt.Sprintf("%d of %d emails", got, n)
	})
	perRecipient := map[string]int{}
	for _, m := range workertest.Inbox(h.T, h.Suffix) {
		perRecipient[m.To[0]]++
	}
	assert.Len(h.T, perRecipient, n)
	for to, k := range perRecipient {
		assert.Equal(h.T, 1, k, "emails to %s", to)
	}
}

// PostWithKey posts body with an Idempotency-Key and returns the answer,
// its decoded JSON and whether it was a replay.
func (h *Harness) PostWithKey(token, path, key string, body any) (*http.Response, map[string]any) {
	h.T.Helper()
	buf, err := json.Marshal(body)
	require.NoError(h.T, err)
	req, err := http.NewRequest(http.MethodPost, h.Server.URL+path, bytes.NewReader(buf))
	require.NoError(h.T, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(h.T, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(h.T, err)
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	return resp, out
}

// NewWithoutWorker is a harness without a worker: users and tokens need none.
func NewWithoutWorker(t *testing.T, queue string) *Harness {
	return NewOn(t, storetest.New(t), &workertest.Env{Client: workertest.Dial(t), TaskQueue: workertest.NewTaskQueue(queue)})
}
