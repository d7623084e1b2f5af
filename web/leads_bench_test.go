package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/benchdata"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// benchLeads is how many leads BenchmarkLeadsPage loads (BENCH_LEADS,
// default 1,000,000).
func benchLeads() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_LEADS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// BenchmarkLeadsPage measures how long the server takes to answer a page of
// the Leads workspace (the table, its chips and choices; the charts come as
// a fragment of their own, measured too) at a million leads, loaded with
// COPY in the shape the store writes them. Run it with `make bench`.
func BenchmarkLeadsPage(b *testing.B) {
	n := benchLeads()
	srv := webtest.Start(b, webtest.Options{})
	me := srv.User(b, "Bench Reader", password, domain.PrivLeads)
	owners := []string{me.ID}
	for i := range 39 {
		owners = append(owners, srv.User(b, fmt.Sprintf("Owner%02d Bench", i), password, domain.PrivLeads).ID)
	}
	t0 := time.Now()
	require.NoError(b, benchdata.LoadLeads(context.Background(), srv.Store.Pool(), n, owners))
	b.Logf("loaded %d leads with COPY and analyzed them in %s", n, time.Since(t0).Round(time.Second))

	c := signedInClient(b, srv, me.Email)
	first := c.get(b, "/leads")
	next := nextPage.FindStringSubmatch(first)
	require.NotNil(b, next, "the first page links to the next one")
	for _, pg := range []struct{ name, path string }{
		{"first-page", "/leads"},
		{"next-page", html.UnescapeString(next[1])},
		{"filtered-status-source", "/leads?status=Qualifying&source_type=Conference"},
		{"search-name", "/leads?q=mar"},
		{"search-two-words", "/leads?q=ann+smi"},
		{"my-leads", "/leads?filter=mine"},
		{"stale", "/leads?filter=stale"},
		{"owner-score-sorted", "/leads?owner=" + owners[7] + "&score=75-&sort=-score"},
		{"charts-fragment", "/leads/charts?fragment=1"},
	} {
		b.Run(fmt.Sprintf("%s/leads=%d", pg.name, n), func(b *testing.B) {
			for b.Loop() {
				c.get(b, pg.path)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/page")
		})
	}
}

// benchClient is a signed-in HTTP client of the pages.
type benchClient struct {
	base string
	http *http.Client
}

// signedInClient signs in through the sign-in form.
func signedInClient(b *testing.B, srv *webtest.Server, email string) *benchClient {
	jar, err := cookiejar.New(nil)
	require.NoError(b, err)
	c := &benchClient{base: srv.URL, http: &http.Client{Jar: jar}}
	m := csrfInput.FindStringSubmatch(c.get(b, "/login"))
	require.NotNil(b, m, "the sign-in form carries a CSRF token")
	resp, err := c.http.PostForm(c.base+"/login", url.Values{"csrf_token": {m[1]}, "email": {email}, "password": {password}})
	require.NoError(b, err)
	_ = resp.Body.Close()
	require.Equal(b, http.StatusOK, resp.StatusCode)
	require.Equal(b, "/leads", resp.Request.URL.Path, "signed in, on the workspace")
	return c
}

// nextPage finds the table's link to its next page.
var nextPage = regexp.MustCompile(`href="([^"]+)" rel="next"`)

// get answers a page, failing unless it is a 200.
func (c *benchClient) get(b *testing.B, path string) string {
	resp, err := c.http.Get(c.base + path)
	require.NoError(b, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(b, err)
	require.Equal(b, http.StatusOK, resp.StatusCode, "%s: %.300s", path, body)
	return string(body)
}
