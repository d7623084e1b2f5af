package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAPIProfilesOnlyToThisMachine: with profiles on, /debug/pprof/ answers
// a loopback peer; any other peer, and any other path, reaches the API.
func TestAPIProfilesOnlyToThisMachine(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h := withProfiles(api)
	get := func(path, remote string) int {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	assert.Equal(t, http.StatusOK, get("/debug/pprof/", "127.0.0.1:5000"))
	assert.Equal(t, http.StatusOK, get("/debug/pprof/heap", "[::1]:5000"))
	assert.Equal(t, http.StatusTeapot, get("/debug/pprof/heap", "203.0.113.9:5000"), "an outsider reaches only the API (its 404)")
	assert.Equal(t, http.StatusTeapot, get("/debug/pprof/heap", "garbage"))
	assert.Equal(t, http.StatusTeapot, get("/api/v1/leads", "127.0.0.1:5000"))
}
