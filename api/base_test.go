package api_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/api"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestAPIBase checks the parts every endpoint shares: health, auth,
// privileges, problem+json errors, strict JSON, body limits and request ids.
func TestAPIBase(t *testing.T) {
	st := storetest.New(t)
	tc := workertest.Dial(t)
	h := harness.NewOn(t, st, &workertest.Env{Client: tc, TaskQueue: workertest.NewTaskQueue("base")})
	ctx := t.Context()
	weak := domain.User{ID: uuid.NewString(), Name: "Reader", Email: "reader" + h.Suffix}
	require.NoError(t, st.UpsertUser(ctx, weak))
	require.NoError(t, st.AddToken(ctx, weak.ID, "weak-"+h.Token, "test"))
	planning := h.CreateCampaign("Base")["id"].(string)
	var noManager map[string]any
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns", map[string]any{"name": "No manager", "priority": "C"}, &noManager).StatusCode)

	tests := []struct {
		name, token, method, path string
		body                      any
		status                    int
		slug                      string   // problem type suffix; "" for a success
		fields                    []string // field errors expected
	}{
		{"health needs no token", "", "GET", "/healthz", nil, 200, "", nil},
		{"ready checks postgres and temporal", "", "GET", "/readyz", nil, 200, "", nil},
		{"missing token", "", "GET", "/api/v1/me", nil, 401, "unauthorized", nil},
		{"unknown token", "nope", "GET", "/api/v1/me", nil, 401, "unauthorized", nil},
		{"known token", h.Token, "GET", "/api/v1/me", nil, 200, "", nil},
		{"missing privilege", "weak-" + h.Token, "GET", "/api/v1/campaigns/" + planning, nil, 403, "forbidden", nil},
		{"unknown endpoint", h.Token, "GET", "/api/v1/nothing-here", nil, 404, "not-found", nil},
		{"wrong method", h.Token, "PUT", "/healthz", nil, 405, "method-not-allowed", nil},
		{"id not a uuid", h.Token, "GET", "/api/v1/campaigns/42", nil, 404, "not-found", nil},
		{"unknown campaign", h.Token, "GET", "/api/v1/campaigns/" + uuid.NewString(), nil, 404, "not-found", nil},
		{"empty body", h.Token, "POST", "/api/v1/campaigns", nil, 422, "validation", []string{"body"}},
		{"malformed JSON", h.Token, "POST", "/api/v1/campaigns", `{"name":`, 400, "malformed", []string{"body"}},
		{"data after the JSON document", h.Token, "POST", "/api/v1/campaigns", `{"name":"x","priority":"A"} {}`, 400, "malformed", []string{"body"}},
		{"unknown field", h.Token, "POST", "/api/v1/campaigns", `{"name":"x","priority":"A","stage":"completed"}`, 422, "validation", []string{"body"}},
		{"wrong type", h.Token, "POST", "/api/v1/campaigns", `{"name":7,"priority":"A"}`, 422, "validation", []string{"name"}},
		{"every invalid field listed", h.Token, "POST", "/api/v1/campaigns",
			map[string]any{"name": "  ", "priority": "Z", "security": "secret", "manager_id": "x"}, 422, "validation",
			[]string{"manager_id", "name", "priority", "security"}},
		{"unknown manager", h.Token, "POST", "/api/v1/campaigns", map[string]any{"name": "x", "priority": "A", "manager_id": uuid.NewString()},
			422, "validation", []string{"manager_id"}},
		{"body too large", h.Token, "POST", "/api/v1/campaigns", `{"name":"` + strings.Repeat("x", 2<<20) + `"}`, 413, "too-large", nil},
		{"participants need a manager", h.Token, "POST", "/api/v1/campaigns/" + noManager["id"].(string) + "/participants",
			map[string]any{"contact_ids": []string{uuid.NewString()}}, 422, "validation", []string{"manager_id"}},
		{"participants must exist", h.Token, "POST", "/api/v1/campaigns/" + planning + "/participants",
			map[string]any{"contact_ids": []string{uuid.NewString()}}, 422, "validation", []string{"contact_ids"}},
		{"participant ids must be ids", h.Token, "POST", "/api/v1/campaigns/" + planning + "/participants",
			map[string]any{"contact_ids": []string{"7"}}, 422, "validation", []string{"contact_ids[0]"}},
		{"no participants listed", h.Token, "POST", "/api/v1/campaigns/" + planning + "/participants",
			map[string]any{"contact_ids": []string{}}, 422, "validation", []string{"contact_ids"}},
		{"over the participant cap", h.Token, "POST", "/api/v1/campaigns/" + planning + "/participants",
			map[string]any{"contact_ids": h.Contacts(51)}, 422, "validation", []string{"participants"}},
		{"bad page size", h.Token, "GET", "/api/v1/campaigns/" + planning + "/participants?limit=0", nil, 422, "validation", []string{"limit"}},
		{"complete a planning campaign", h.Token, "POST", "/api/v1/campaigns/" + planning + "/complete", nil, 409, "transition-refused", nil},
		{"cancel a planning campaign", h.Token, "POST", "/api/v1/campaigns/" + planning + "/cancel", nil, 409, "transition-refused", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p harness.Problem
			resp := h.CallAs(tc.token, tc.method, tc.path, tc.body, nil)
			raw, _ := io.ReadAll(resp.Body)
			require.Equal(t, tc.status, resp.StatusCode, "%s", raw)
			assert.NotEmpty(t, resp.Header.Get("X-Request-Id"))
			if tc.slug == "" {
				return
			}
			assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
			require.NoError(t, harness.DecodeJSON(raw, &p))
			assert.Equal(t, api.ProblemTypeBase+tc.slug, p.Type)
			assert.Equal(t, tc.status, p.Status)
			assert.NotEmpty(t, p.Title)
			assert.NotEmpty(t, p.Detail)
			var fields []string
			for _, f := range p.Errors {
				fields = append(fields, f.Field)
			}
			assert.Equal(t, tc.fields, fields)
		})
	}

	// Nothing was half-written by the refused requests.
	var n int
	require.NoError(t, st.Pool().QueryRow(ctx, "SELECT count(*) FROM campaigns").Scan(&n))
	assert.Equal(t, 2, n)
}

// TestReadyWithoutTemporal answers 503 when Temporal does not answer.
func TestReadyWithoutTemporal(t *testing.T) {
	st := storetest.New(t)
	dead, err := client.NewLazyClient(client.Options{HostPort: "127.0.0.1:1"})
	require.NoError(t, err)
	defer dead.Close()
	srv := httptest.NewServer(harness.CheckedAPI(t, api.NewRouter(api.Config{Store: st, Temporal: dead, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/readyz")
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
}

// TestBodyLimitsPerRoute: the default limit is 1 MiB, and the endpoints
// that take files (batch email with 2 MB images, imports, documents) allow
// more, with 413 only past their own limit.
func TestBodyLimitsPerRoute(t *testing.T) {
	h := harness.New(t)
	big := strings.Repeat("x", 3<<20)
	resp := h.Call("POST", "/api/v1/campaigns", map[string]any{"name": big, "priority": "A"}, nil)
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	var p harness.Problem
	resp = h.Call("POST", "/api/v1/leads/email", map[string]any{"lead_ids": []int{}, "subject": "Hi", "body": big}, &p)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "a 3 MB batch email body is read and validated")
	assert.NotEmpty(t, p.Errors)
	resp = h.Call("POST", "/api/v1/leads/email", map[string]any{"body": strings.Repeat("x", 25<<20)}, nil)
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
}
