// Package webtest runs the web pages for browser tests: the real router
// (JSON API and pages) over httptest, on a fresh PostgreSQL database and a
// real Temporal worker, and a headless Chromium driven with chromedp.
package webtest

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/drumbeat-crm/drumbeat/api"
	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/web"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// Server is the whole system for one test, served over HTTP.
type Server struct {
	URL   string
	Store *store.Store
	// App is the operations layer the pages and the API call.
	App    *app.Service
	Worker *workertest.Env
	// Suffix ends every email the test makes, so that tests never share one.
	Suffix string
}

// Options change the server of a test.
type Options struct {
	// AuthFailuresPerMinute is the failed-authentication limit (0: 20, the
	// product's default).
	AuthFailuresPerMinute int
	// TrustedProxies are the proxies whose X-Forwarded-* headers count.
	TrustedProxies []string
}

// Start serves the API and the pages of a fresh system; it stops with the test.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	st := storetest.New(t)
	wk := workertest.Start(t, st, 50)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ops := app.New(app.Config{Store: st, Temporal: wk.Client, TaskQueue: wk.TaskQueue, Log: log})
	pages, err := web.New(web.Config{Store: st, App: ops, Log: log, TrustedProxies: opts.TrustedProxies})
	if err != nil {
		t.Fatalf("web pages: %v", err)
	}
	srv := httptest.NewServer(api.NewRouter(api.Config{Store: st, Temporal: wk.Client, TaskQueue: wk.TaskQueue, Log: log,
		AuthFailuresPerMinute: opts.AuthFailuresPerMinute, TrustedProxies: opts.TrustedProxies, Pages: pages}))
	t.Cleanup(srv.Close)
	return &Server{URL: srv.URL, Store: st, App: ops, Worker: wk, Suffix: "@" + randHex(5) + ".example.test"}
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// User creates an active user who signs in with password; the email is
// the lower-cased first word of name followed by the server's suffix.
func (s *Server) User(t testing.TB, name, password string, privileges ...string) domain.User {
	t.Helper()
	in := domain.UserInput{Name: name, Email: strings.ToLower(strings.Fields(name)[0]) + s.Suffix,
		Privileges: privileges, Password: &password}
	in.Normalize()
	if err := in.Validate(); err != nil {
		t.Fatalf("user %s: %v", name, err)
	}
	u, err := s.Store.CreateUser(t.Context(), in)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

// Campaign creates a campaign as the user createdBy through the same store
// operation as the API and the Add dialog; it returns its id.
func (s *Server) Campaign(t testing.TB, createdBy string, in domain.CampaignInput) string {
	t.Helper()
	in.Normalize()
	if err := in.Validate(); err != nil {
		t.Fatalf("campaign %s: %v", in.Name, err)
	}
	id, err := s.Store.CreateCampaignWithDefaults(t.Context(), createdBy, in)
	if err != nil {
		t.Fatalf("create campaign %s: %v", in.Name, err)
	}
	return id
}
