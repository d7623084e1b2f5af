package metrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(t *testing.T, h http.Handler) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	return rec.Code, rec.Body.String()
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// TestWorkerRegistryServesDrumbeatsMetrics: every Drumbeat metric is
// served from the start (failures by kind, suppressed at 0), the counters
// move with the calls, and the outbox gauge is read on each scrape.
func TestWorkerRegistryServesDrumbeatsMetrics(t *testing.T) {
	pending := 7
	w := NewWorker(func(context.Context) (map[string]int, error) {
		return map[string]int{"email": pending, "sms": 1}, nil
	}, quiet)
	defer w.Close()

	code, body := get(t, w.Handler())
	require.Equal(t, http.StatusOK, code)
	for _, line := range []string{
		`drumbeat_emails_failed_total{kind="permanent"}`,
		`drumbeat_emails_failed_total{kind="temporary"}`,
		`drumbeat_emails_suppressed_total 0`,
		`drumbeat_outbox_pending{channel="email"} 7`,
		`drumbeat_outbox_pending{channel="sms"} 1`,
		`go_goroutines`,
	} {
		assert.Contains(t, body, line)
	}

	before := counterValue(t, body, "drumbeat_emails_sent_total")
	EmailSent()
	EmailSent()
	BatchItemsDone("lead-email", 3)
	ParticipantsInitiated(5)
	pending = 2
	_, body = get(t, w.Handler())
	assert.Equal(t, before+2, counterValue(t, body, "drumbeat_emails_sent_total"))
	assert.Contains(t, body, `drumbeat_batch_items_done_total{type="lead-email"}`)
	assert.Contains(t, body, `drumbeat_outbox_pending{channel="email"} 2`, "read again on each scrape")
}

// TestOutboxFailureLeavesTheRestOfTheScrape: PostgreSQL not answering the
// outbox count costs that gauge only.
func TestOutboxFailureLeavesTheRestOfTheScrape(t *testing.T) {
	w := NewWorker(func(context.Context) (map[string]int, error) { return nil, errors.New("connection refused") }, quiet)
	defer w.Close()
	code, body := get(t, w.Handler())
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, "drumbeat_emails_sent_total")
	assert.NotContains(t, body, "drumbeat_outbox_pending{")
}

// TestAPIRecordsRouteTemplates: requests are recorded by route template;
// an unmatched path becomes "unmatched" instead of a series of its own.
func TestAPIRecordsRouteTemplates(t *testing.T) {
	a := NewAPI()
	a.Observe("GET", "/api/v1/campaigns/:id", 404, 3*time.Millisecond)
	a.Observe("GET", "/api/v1/campaigns/:id", 404, 5*time.Millisecond)
	a.Observe("GET", "", 404, time.Millisecond)
	_, body := get(t, a.Handler(quiet))
	assert.Contains(t, body, `drumbeat_http_requests_total{method="GET",route="/api/v1/campaigns/:id",status="404"} 2`)
	assert.Contains(t, body, `drumbeat_http_request_duration_seconds_count{method="GET",route="/api/v1/campaigns/:id",status="404"} 2`)
	assert.Contains(t, body, `drumbeat_http_requests_total{method="GET",route="unmatched",status="404"} 1`)
	assert.NotContains(t, body, "drumbeat_emails_sent_total", "the API serves no worker metrics")
}

func counterValue(t *testing.T, body, name string) float64 {
	t.Helper()
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			var f float64
			_, err := fmt.Sscan(v, &f)
			require.NoError(t, err)
			return f
		}
	}
	t.Fatalf("%s not served", name)
	return 0
}
