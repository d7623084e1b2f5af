package api_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/api"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// clientFrom is an HTTP client whose connections come from a given loopback
// address (127.0.0.2, 127.0.0.3, ...): really another client address.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
}

// limitedAPI serves the harness's database with its own limit of failed
// authentications per minute and its own trusted proxies.
func limitedAPI(t *testing.T, h *harness.Harness, perMinute int, proxies ...string) string {
	srv := httptest.NewServer(harness.CheckedAPI(t, api.NewRouter(api.Config{Store: h.Store, Temporal: h.Worker.Client, TaskQueue: h.Worker.TaskQueue,
		AuthFailuresPerMinute: perMinute, TrustedProxies: proxies, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})))
	t.Cleanup(srv.Close)
	return srv.URL
}

// getMe calls GET /api/v1/me with a client, a token and headers.
func getMe(t *testing.T, c *http.Client, base, token string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("GET", base+"/api/v1/me", nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

// TestFailedAuthenticationsAreRateLimitedPerAddress: past the limit an
// address gets 429 with Retry-After (problem+json), even with a valid token;
// another address is not affected, X-Forwarded-For is ignored unless it comes
// from a trusted proxy, and successful authentications use up nothing.
func TestFailedAuthenticationsAreRateLimitedPerAddress(t *testing.T) {
	h := harness.NewWithoutWorker(t, "authlimit")
	base := limitedAPI(t, h, 3)
	attacker, neighbour, busy := clientFrom("127.0.0.2"), clientFrom("127.0.0.3"), clientFrom("127.0.0.4")

	for _, tok := range []string{"guess-1", "", "guess-3"} {
		assert.Equal(t, http.StatusUnauthorized, getMe(t, attacker, base, tok).StatusCode)
	}
	resp := getMe(t, attacker, base, "guess-4")
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	require.NoError(t, err, "Retry-After is a number of seconds: %q", resp.Header.Get("Retry-After"))
	assert.True(t, secs >= 1 && secs <= 20, "one attempt comes back every 20 s: %d", secs)
	var p harness.Problem
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&p))
	assert.Equal(t, http.StatusTooManyRequests, p.Status)
	assert.Contains(t, p.Detail, "retry in")

	// The limited address is refused even with a valid token: otherwise a
	// right guess would stand out among the refusals.
	assert.Equal(t, http.StatusTooManyRequests, getMe(t, attacker, base, h.Token).StatusCode)
	// A forged X-Forwarded-For does not make it somebody else.
	assert.Equal(t, http.StatusTooManyRequests, getMe(t, attacker, base, h.Token, "X-Forwarded-For", "198.51.100.7").StatusCode)

	// Another address: the valid token works, and it has its own budget.
	assert.Equal(t, http.StatusOK, getMe(t, neighbour, base, h.Token).StatusCode)
	assert.Equal(t, http.StatusUnauthorized, getMe(t, neighbour, base, "guess").StatusCode)

	// Successes cost nothing: many valid calls, then still three failures.
	for range 10 {
		require.Equal(t, http.StatusOK, getMe(t, busy, base, h.Token).StatusCode)
	}
	for range 3 {
		assert.Equal(t, http.StatusUnauthorized, getMe(t, busy, base, "guess").StatusCode)
	}
	assert.Equal(t, http.StatusTooManyRequests, getMe(t, busy, base, "guess").StatusCode)
}

// TestRateLimitBehindATrustedProxy: behind a configured proxy the client is
// the address the proxy names, so one client's failures do not lock out
// everyone else behind the same proxy.
func TestRateLimitBehindATrustedProxy(t *testing.T) {
	h := harness.NewWithoutWorker(t, "authlimit-proxy")
	base := limitedAPI(t, h, 2, "127.0.0.0/8")
	proxy := clientFrom("127.0.0.5")
	for range 2 {
		assert.Equal(t, http.StatusUnauthorized, getMe(t, proxy, base, "guess", "X-Forwarded-For", "198.51.100.1").StatusCode)
	}
	assert.Equal(t, http.StatusTooManyRequests, getMe(t, proxy, base, "guess", "X-Forwarded-For", "198.51.100.1").StatusCode)
	assert.Equal(t, http.StatusOK, getMe(t, proxy, base, h.Token, "X-Forwarded-For", "198.51.100.2").StatusCode)
	assert.Equal(t, http.StatusTooManyRequests, getMe(t, proxy, base, h.Token, "X-Forwarded-For", "198.51.100.1").StatusCode)
}

// TestParallelCallsOfOneClientNeedNoAttempts: a client making more calls at
// once than the failure budget (an integration loading records in
// parallel) is served, every call; its failures still count.
func TestParallelCallsOfOneClientNeedNoAttempts(t *testing.T) {
	h := harness.NewWithoutWorker(t, "authlimit-parallel")
	base := limitedAPI(t, h, 3)
	client := clientFrom("127.0.0.6")
	const calls = 40
	codes := make(chan int, calls)
	var wg sync.WaitGroup
	for range calls {
		wg.Go(func() {
			req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+h.Token)
			resp, err := client.Do(req)
			if err != nil {
				codes <- 0
				return
			}
			_ = resp.Body.Close()
			codes <- resp.StatusCode
		})
	}
	wg.Wait()
	close(codes)
	for code := range codes {
		assert.Equal(t, http.StatusOK, code)
	}
	for range 3 {
		assert.Equal(t, http.StatusUnauthorized, getMe(t, client, base, "guess").StatusCode)
	}
	assert.Equal(t, http.StatusTooManyRequests, getMe(t, client, base, h.Token).StatusCode)
}
