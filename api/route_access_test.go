package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// Privilege markers of routeAccess.priv besides the domain.Priv* names.
const (
	public   = "public"    // no token needed
	signedIn = "signed-in" // any signed-in user, no privilege
)

// routeAccess is the access test's row for one registered route.
type routeAccess struct {
	route string // "METHOD /path" exactly as registered, e.g. "GET /api/v1/leads/:id"
	priv  string // public, signedIn or the domain.Priv* the route needs
	// private marks a route that reaches a record of the fixture's private
	// campaign outside /campaigns/{id} (every /campaigns/{id} route is one).
	private bool
	// path is the concrete path to call; "" fills each :param of the route
	// from the fixture's params ("segment/:param", see accessFixture).
	path string
	body any // the permitted user's body, sent on every call
	want int // the permitted user's status
}

// TestEveryRouteChecksAccess walks every route the router serves and calls
// it as anonymous (401), with an unknown token (401), as a user who holds
// every privilege but the route's (403), as an outsider to a private
// campaign for the routes that reach it (404, as if it did not exist), on a
// deleted campaign for every write under /campaigns/{id} (409), and as a
// permitted user (the row's status). A route missing from the table, or a
// row whose route is not served, fails the test.
func TestEveryRouteChecksAccess(t *testing.T) {
	h := harness.New(t)
	fx := newAccessFixture(h)
	rows := accessTable(fx)

	engine, ok := h.Router.(*gin.Engine)
	require.True(t, ok, "the router is a gin engine")
	served := map[string]bool{}
	for _, r := range engine.Routes() {
		served[r.Method+" "+r.Path] = true
	}
	listed := map[string]bool{}
	for _, r := range rows {
		assert.False(t, listed[r.route], "two rows for %s", r.route)
		listed[r.route] = true
		assert.True(t, served[r.route], "the table lists %s, which the router does not serve", r.route)
	}
	for route := range served {
		assert.True(t, listed[route], "%s has no row in accessTable: add one", route)
	}
	doc, err := harness.ServedDocument()
	require.NoError(t, err)
	for _, r := range rows {
		method, pattern, _ := strings.Cut(r.route, " ")
		if op := doc.Doc.Paths.Find(openAPIPattern(pattern)); op != nil && op.GetOperation(method) != nil {
			assert.Equal(t, r.priv, op.GetOperation(method).Extensions["x-privilege"], "the OpenAPI document's x-privilege of %s", r.route)
		}
	}

	for _, r := range rows {
		t.Run(r.route, func(t *testing.T) { fx.check(t, r) })
	}
}

// openAPIPattern writes a gin route pattern as an OpenAPI path.
func openAPIPattern(p string) string {
	return regexp.MustCompile(`:([A-Za-z_]+)`).ReplaceAllString(p, "{$1}")
}

// check makes every call of one row.
func (fx *accessFixture) check(t *testing.T, r routeAccess) {
	method, pattern, _ := strings.Cut(r.route, " ")
	refused := func(token, path string, status int) {
		t.Helper()
		resp := fx.h.CallAs(token, method, path, r.body, nil)
		var p harness.Problem
		_ = json.Unmarshal([]byte(harness.ReadAll(t, resp)), &p) // an answer that is no problem fails below
		harness.ExpectProblem(t, resp, p, status, "")
	}
	path := r.path
	if path == "" {
		path = fillParams(t, pattern, fx.params)
	}
	underCampaign := strings.HasPrefix(pattern, "/api/v1/campaigns/:id")
	if r.priv != public {
		refused("", path, http.StatusUnauthorized)
		refused("tok-unknown", path, http.StatusUnauthorized)
	}
	if r.priv != public && r.priv != signedIn {
		tok, ok := fx.lackingTokens[r.priv]
		require.True(t, ok, "unknown privilege %q", r.priv)
		refused(tok, path, http.StatusForbidden)
	}
	if underCampaign || r.private {
		refused(fx.OutsiderToken, path, http.StatusNotFound)
	}
	permitted := fx.InsiderToken
	if r.priv == domain.PrivAdmin {
		permitted = fx.h.Token
	}
	if underCampaign && method != http.MethodGet {
		refused(permitted, fillParams(t, pattern, fx.deletedParams), http.StatusConflict)
	}
	resp := fx.h.CallAs(permitted, method, path, r.body, nil)
	harness.ExpectStatus(t, resp, r.want, "the permitted user")
}

// fillParams puts into each :param of a route pattern the value params holds
// for it under "previous segment/:param".
func fillParams(t *testing.T, pattern string, params map[string]string) string {
	t.Helper()
	segs := strings.Split(pattern, "/")
	names := slices.Clone(segs)
	for i, s := range names {
		if !strings.HasPrefix(s, ":") {
			continue
		}
		key := names[i-1] + "/" + s
		v, ok := params[key]
		require.True(t, ok, "no fixture for %q in %s: add one to accessFixture.params", key, pattern)
		segs[i] = v
	}
	return strings.Join(segs, "/")
}
