package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// client is a cookie-keeping HTTP client that does not follow redirects,
// for checks of headers and cookies a browser hides.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

func newClient(t *testing.T, base string) *client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &client{t: t, base: base, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// do sends a request and returns the answer with its body read.
func (c *client) do(method, path string, form url.Values, header http.Header) (*http.Response, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	require.NoError(c.t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp, string(b)
}

// signIn posts the sign-in form and returns the answer's status.
func (c *client) signIn(email, pw string) int {
	c.t.Helper()
	_, page := c.do("GET", "/login", nil, nil)
	m := csrfInput.FindStringSubmatch(page)
	require.NotNil(c.t, m, "the sign-in form carries a CSRF token")
	resp, _ := c.do("POST", "/login", url.Values{"csrf_token": {m[1]}, "email": {email}, "password": {pw}}, nil)
	return resp.StatusCode
}

// signedIn reports whether the client's session opens a page.
func (c *client) signedIn() bool {
	c.t.Helper()
	resp, _ := c.do("GET", "/campaigns", nil, nil)
	return resp.StatusCode == http.StatusOK
}

// TestFailedSignInsShareTheAPILimit: wrong passwords count against the
// same per-address budget as bad API tokens; past it even the right
// password is refused (429 with Retry-After), and so is the API.
func TestFailedSignInsShareTheAPILimit(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{AuthFailuresPerMinute: 3})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	c := newClient(t, srv.URL)
	resp, _ := c.do("GET", "/api/v1/me", nil, http.Header{"Authorization": {"Bearer nope"}})
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, http.StatusSeeOther, c.signIn(ann.Email, password), "a success gives its attempt back")
	c = newClient(t, srv.URL)
	assert.Equal(t, http.StatusUnauthorized, c.signIn(ann.Email, "wrong password"))
	assert.Equal(t, http.StatusUnauthorized, c.signIn("nobody"+srv.Suffix, "wrong password"))
	assert.Equal(t, http.StatusTooManyRequests, c.signIn(ann.Email, password), "the budget is spent: one API failure and two sign-ins")
	resp, _ = c.do("GET", "/api/v1/me", nil, http.Header{"Authorization": {"Bearer nope"}})
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the API shares the budget")
	assert.NotEmpty(t, resp.Header.Get("Retry-After"))
	assert.False(t, c.signedIn())
}

// TestSessionEnds: a session stops working when it has been idle for 12
// hours, at its absolute expiry, and at once when its user is deactivated
// or given a new password; the cookie is HttpOnly, SameSite=Lax, and
// Secure behind a trusted proxy that says HTTPS.
func TestSessionEnds(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{TrustedProxies: []string{"127.0.0.1"}})
	srv.User(t, "Ada Admin", password, domain.PrivAdmin)
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	ctx := t.Context()
	age := func(sql string) {
		_, err := srv.Store.Pool().Exec(ctx, sql)
		require.NoError(t, err)
	}
	for _, tc := range []struct {
		name string
		end  func()
	}{
		{"idle 12 hours", func() { age("UPDATE web_sessions SET last_seen_at = now() - interval '12 hours 1 minute'") }},
		{"past its absolute expiry", func() { age("UPDATE web_sessions SET expires_at = now() - interval '1 second'") }},
		{"user deactivated", func() {
			off := false
			_, err := srv.Store.UpdateUser(ctx, ann.ID, domain.UserPatch{Active: &off})
			require.NoError(t, err)
			age("UPDATE users SET active = true") // back on: the session stays ended
		}},
		{"new password", func() {
			pw := password
			_, err := srv.Store.UpdateUser(ctx, ann.ID, domain.UserPatch{Password: &pw})
			require.NoError(t, err)
		}},
	} {
		c := newClient(t, srv.URL)
		require.Equal(t, http.StatusSeeOther, c.signIn(ann.Email, password), tc.name)
		age("UPDATE web_sessions SET last_seen_at = now() - interval '11 hours'")
		require.True(t, c.signedIn(), "%s: 11 idle hours are fine", tc.name)
		tc.end()
		resp, _ := c.do("GET", "/campaigns", nil, nil)
		assert.Equal(t, http.StatusSeeOther, resp.StatusCode, tc.name)
		assert.Equal(t, "/login?next=%2Fcampaigns", resp.Header.Get("Location"), tc.name)
		age("DELETE FROM web_sessions")
	}

	c := newClient(t, srv.URL)
	for _, tc := range []struct {
		proto  string
		secure bool
	}{{"", false}, {"https", true}} {
		resp, _ := c.do("GET", "/login", nil, http.Header{"X-Forwarded-Proto": {tc.proto}})
		ck := resp.Cookies()
		require.Len(t, ck, 1)
		assert.True(t, ck[0].HttpOnly)
		assert.Equal(t, http.SameSiteLaxMode, ck[0].SameSite)
		assert.Equal(t, tc.secure, ck[0].Secure, "X-Forwarded-Proto %q from a trusted proxy", tc.proto)
		assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
		c = newClient(t, srv.URL)
	}
	untrusted := webtest.Start(t, webtest.Options{})
	resp, _ := newClient(t, untrusted.URL).do("GET", "/login", nil, http.Header{"X-Forwarded-Proto": {"https"}})
	assert.False(t, resp.Cookies()[0].Secure, "nobody else's X-Forwarded-Proto counts")
}

// TestUnsignedRequests: pages redirect to the sign-in; a form post without
// a session is not carried out; the JSON API still answers 401 and unknown
// pages are HTML 404s while unknown API paths stay problem+json.
func TestUnsignedRequests(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	c := newClient(t, srv.URL)
	resp, _ := c.do("GET", "/campaigns?q=x", nil, nil)
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "/login?next=%2Fcampaigns%3Fq%3Dx", resp.Header.Get("Location"))
	resp, _ = c.do("POST", "/campaigns", url.Values{"name": {"X"}, "priority": {"A"}}, nil)
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "/login", resp.Header.Get("Location"))
	resp, _ = c.do("POST", "/login", url.Values{"email": {"a@b.test"}, "password": {"x"}}, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "a sign-in without the form's token is refused")
	resp, _ = c.do("GET", "/api/v1/campaigns", nil, nil)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	resp, body := c.do("GET", "/no/such/page", nil, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	assert.Contains(t, body, "Page not found")
	resp, _ = c.do("GET", "/api/v1/nothing", nil, http.Header{"Authorization": {"Bearer x"}})
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	resp, body = c.do("GET", "/static/app.css", nil, nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/css")
	assert.Contains(t, body, ".datatable")
}
