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

	"github.com/drumbeat-crm/drumbeat/api"
	"github.com/drumbeat-crm/drumbeat/metrics"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

func metricsGet(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// TestAPIMetrics: GET /metrics answers without a token and counts every
// request by route template and status (an id never becomes a label, an
// unknown path is "unmatched"); a router built without metrics has no
// /metrics route.
func TestAPIMetrics(t *testing.T) {
	st := storetest.New(t)
	c := workertest.Dial(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(harness.CheckedAPI(t, api.NewRouter(api.Config{Store: st, Temporal: c, Log: quiet, Metrics: metrics.NewAPI()})))
	defer srv.Close()

	id := uuid.NewString()
	code, _ := metricsGet(t, srv.URL+"/healthz", "")
	require.Equal(t, http.StatusOK, code)
	code, _ = metricsGet(t, srv.URL+"/api/v1/campaigns/"+id, "")
	require.Equal(t, http.StatusUnauthorized, code)
	code, _ = metricsGet(t, srv.URL+"/no/such/"+id, "")
	require.Equal(t, http.StatusNotFound, code)

	code, body := metricsGet(t, srv.URL+"/metrics", "")
	require.Equal(t, http.StatusOK, code, "no token needed")
	assert.Contains(t, body, `drumbeat_http_requests_total{method="GET",route="/healthz",status="200"} 1`)
	assert.Contains(t, body, `drumbeat_http_requests_total{method="GET",route="/api/v1/campaigns/:id",status="401"} 1`)
	assert.Contains(t, body, `drumbeat_http_requests_total{method="GET",route="unmatched",status="404"} 1`)
	assert.Contains(t, body, `drumbeat_http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200",le=`)
	assert.False(t, strings.Contains(body, id), "no raw path in the labels")

	plain := httptest.NewServer(harness.CheckedAPI(t, api.NewRouter(api.Config{Store: st, Temporal: c, Log: quiet})))
	defer plain.Close()
	code, _ = metricsGet(t, plain.URL+"/metrics", "")
	assert.Equal(t, http.StatusNotFound, code)
}
