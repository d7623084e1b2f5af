package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
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
	loadLeads(b, srv, n, owners)
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

// Values the benchmark's leads are made of.
var (
	benchFirst   = []string{"Ann", "Anna", "Mark", "Maria", "Marta", "James", "John", "Joanne", "Hannah", "Omar", "Li", "Wei", "Sofia", "Lucas", "Emma", "Noah", "Olivia", "Liam", "Ava", "Mia", "Ethan", "Amir", "Fatima", "Yuki", "Kenji", "Priya", "Ravi", "Chloe", "Leo", "Zoe"}
	benchLast    = []string{"Smith", "Smithers", "Johnson", "Brown", "Martin", "Marquez", "Garcia", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Torres", "Parker"}
	benchSources = []string{"Conference", "Event Marketing", "Vendor List", "Web", "Referral", "Trade Show", "Partner", "Cold Call"}
	benchSegment = []string{"Starting Out", "Pre-Retirement", "Retirement", ""}
	benchConcept = []string{"General Interest", "Retirement Income", "Mortgage Needs"}
	benchStatus  = []string{"New", "New", "New", "New", "Qualifying", "Qualifying", "Qualifying", "Qualified", "Qualified", "Archived"}
)

// loadLeads COPYs n leads into the table as the store writes them (the
// columns of insert_lead, the score, the status and times a life cycle
// leaves), spread over two years and the owners, then analyzes the table.
// As a bulk load does, it drops the table's indexes first and builds them
// again afterwards from their own definitions (so the schema ends as the
// migrations made it): building an index once is many times faster than
// keeping it up to date row by row.
func loadLeads(b testing.TB, srv *webtest.Server, n int, owners []string) {
	ctx := context.Background()
	db := srv.Store.Pool()
	rows, err := db.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'leads'
		AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'leads'::regclass)`)
	require.NoError(b, err)
	defs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Name, Def string }])
	require.NoError(b, err)
	for _, d := range defs {
		_, err := db.Exec(ctx, "DROP INDEX "+pgx.Identifier{d.Name}.Sanitize())
		require.NoError(b, err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Now()
	i := 0
	cols := []string{"first_name", "last_name", "company", "position", "email", "phone", "phone_country", "market_segment",
		"sales_concept", "source", "source_type", "consent_to_contact", "address_city", "status", "score", "owner_id",
		"created_by", "converted_at", "created_at", "updated_at"}
	_, err = db.CopyFrom(ctx, pgx.Identifier{"leads"}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		first, last := benchFirst[rng.IntN(len(benchFirst))], benchLast[rng.IntN(len(benchLast))]
		created := now.Add(-time.Duration(rng.Int64N(int64(730 * 24 * time.Hour))))
		updated := created.Add(time.Duration(rng.Int64N(int64(now.Sub(created)) + 1)))
		status := benchStatus[rng.IntN(len(benchStatus))]
		var converted *time.Time
		if status == "Qualified" {
			converted = &updated
		}
		phone, country := "", ""
		if rng.IntN(10) < 6 {
			phone, country = fmt.Sprintf("+1201555%04d", rng.IntN(10000)), "US"
		}
		owner := owners[rng.IntN(len(owners))]
		return []any{first, last, "Company " + strconv.Itoa(rng.IntN(5000)), "", fmt.Sprintf("%s.%s.%d@example.com", first, last, i),
			phone, country, benchSegment[rng.IntN(len(benchSegment))], benchConcept[rng.IntN(len(benchConcept))], "",
			benchSources[rng.IntN(len(benchSources))], rng.IntN(4) > 0, "Springfield", status, rng.IntN(101), owner,
			owners[rng.IntN(len(owners))], converted, created, updated}, nil
	}))
	require.NoError(b, err)
	conn, err := db.Acquire(ctx)
	require.NoError(b, err)
	defer conn.Release()
	_, err = conn.Exec(ctx, "SET maintenance_work_mem = '256MB'")
	require.NoError(b, err)
	for _, d := range defs {
		_, err := conn.Exec(ctx, d.Def)
		require.NoError(b, err, d.Def)
	}
	_, err = conn.Exec(ctx, "VACUUM (ANALYZE) leads")
	require.NoError(b, err)
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
