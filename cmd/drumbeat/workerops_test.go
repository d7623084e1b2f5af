package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/drumbeat-crm/drumbeat/metrics"
)

// TestWorkerOpsServesProfilesOnlyWhenAsked: /debug/pprof is not served
// unless PPROF=true made the worker call servePprof; then the index and a
// heap profile answer.
func TestWorkerOpsServesProfilesOnlyWhenAsked(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	get := func(o *workerOps, path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		o.srv.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	off := newWorkerOps("127.0.0.1:0", nil, nil, metrics.NewWorker(nil, quiet))
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/profile"} {
		assert.Equal(t, http.StatusNotFound, get(off, path).Code, path)
	}
	on := newWorkerOps("127.0.0.1:0", nil, nil, metrics.NewWorker(nil, quiet))
	on.servePprof()
	index := get(on, "/debug/pprof/")
	assert.Equal(t, http.StatusOK, index.Code)
	assert.True(t, strings.Contains(index.Body.String(), "goroutine"), "the index lists the profiles")
	heap := get(on, "/debug/pprof/heap")
	assert.Equal(t, http.StatusOK, heap.Code)
	assert.Equal(t, "application/octet-stream", heap.Header().Get("Content-Type"))
	assert.Equal(t, http.StatusOK, get(on, "/healthz").Code, "the other endpoints stay")
}
