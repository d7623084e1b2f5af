package api_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/api"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// badPathValues replace one path parameter at a time (already URL-escaped).
var badPathValues = []string{"+1", "01", "-1", "0", "1e3", "%201", "1%20", "2147483648", "3000000000",
	"99999999999", "9223372036854775808", "99999999999999999999", "%00", "a%00b", "%FF", strings.Repeat("9", 400)}

// badQueries are added, one at a time, to every GET route.
func badQueries() []string {
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	qs := []string{"q=a%00b", "q=" + strings.Repeat("a+", 3000), "%00=1",
		"cursor=WyJ4IiwxXQ", "cursor=99999999999", "cursor=-1", "cursor=%2B1",
		"cursor=" + b64(`["\u0000",1]`), "cursor=" + b64(`["0000-01-01T00:00:00Z",1]`), "cursor=" + b64(`["1",1e400]`),
		"cursor=" + b64(`["1",99999999999999999999]`), "cursor=" + b64(`["2026-01-01T00:00:00+99:00",1]`),
		"cursor=" + b64(`{"s":"-created_at","k":"x","id":"`+uuid.NewString()+`"}`),
		"cursor=" + b64(`{"s":"-created_at","k":"\u0000","id":"`+uuid.NewString()+`"}`),
		"cursor=" + b64(`{"s":"start_date","k":"99999-01-01","id":"`+uuid.NewString()+`"}`),
		"cursor=0000-01-01T00:00:00Z_" + uuid.NewString(), "cursor=" + strings.ToUpper(uuid.NewString()),
		"items_from=99999999999", "items_from=-1", "limit=99999999999", "limit=%2B5", "limit=-1",
		"score_min=99999999999", "score_min=-99999999999", "score_max=99999999999", "periods=99999999999",
		"a=%zz", "a=1;b=2"}
	long := harness.RandHex(1500) // 3,000 random characters: beyond a btree entry
	for _, name := range []string{"q", "source_type", "type", "status", "owner", "filter", "sort", "test", "stage",
		"priority", "manager_id", "columns", "file_name", "cursor"} {
		qs = append(qs, name+"=%00", name+"=%FF", name+"="+long)
	}
	return qs
}

// probeFailure is one answer the probe refuses.
type probeFailure struct{ request, answer string }

type prober struct {
	h        *harness.Harness
	failures []probeFailure
	sent     int
}

// send makes one request and records it when it is answered with a 5xx, or
// with an error that is not problem+json.
func (p *prober) send(method, path, body, variant string) int {
	p.h.T.Helper()
	p.sent++
	resp := p.h.Call(method, path, rawBody(body), nil)
	raw, _ := io.ReadAll(resp.Body)
	req := fmt.Sprintf("%s %s [%s]", method, shorten(path), shorten(variant))
	switch {
	case resp.StatusCode >= 500:
		p.failures = append(p.failures, probeFailure{req, fmt.Sprintf("%d %s", resp.StatusCode, shorten(string(raw)))})
	case resp.StatusCode >= 400 && resp.Header.Get("Content-Type") != "application/problem+json":
		p.failures = append(p.failures, probeFailure{req, fmt.Sprintf("%d without problem+json", resp.StatusCode)})
	}
	return resp.StatusCode
}

func rawBody(body string) any {
	if body == "" {
		return nil
	}
	return body
}

func shorten(s string) string {
	if len(s) > 160 {
		return s[:160] + fmt.Sprintf("...(%d bytes)", len(s))
	}
	return s
}

// TestBadInputProbe walks every route the router serves (read from the gin
// engine, so a new route is probed too) with bad path parameters, bad query
// parameters and bad bodies: every answer must be a 4xx problem, never a 5xx.
func TestBadInputProbe(t *testing.T) {
	h := harness.New(t)
	fx := newProbeFixtures(h)
	engine, ok := api.NewRouter(api.Config{}).(*gin.Engine)
	require.True(t, ok)
	routes := engine.Routes()
	sort.SliceStable(routes, func(i, j int) bool { // deletions last: the fixtures serve every other route first
		return routes[i].Method != "DELETE" && routes[j].Method == "DELETE"
	})
	bodies := fx.probeBodies(h)
	p := &prober{h: h}
	fill := func(route string, bad map[string]string) string {
		parts := strings.Split(route, "/")
		for i, part := range parts {
			if name, ok := strings.CutPrefix(part, ":"); ok {
				switch v, isBad := bad[name]; {
				case isBad:
					parts[i] = v
				case name == "user_id":
					parts[i] = h.Manager.ID
				default:
					parts[i] = fx.param(route, name)
				}
			}
		}
		return strings.Join(parts, "/")
	}
	for _, r := range routes {
		// Path parameters, one at a time; a bad id must never reach a record.
		for _, part := range strings.Split(r.Path, "/") {
			name, isParam := strings.CutPrefix(part, ":")
			if !isParam {
				continue
			}
			values := append([]string(nil), badPathValues...)
			if id := fx.param(r.Path, name); len(id) == 36 {
				values = append(values, strings.ToUpper(id), id+"%20")
			}
			for _, v := range values {
				if code := p.send(r.Method, fill(r.Path, map[string]string{name: v}), "", name+"="+v); code < 400 && name != "role" {
					p.failures = append(p.failures, probeFailure{r.Method + " " + r.Path + " " + name + "=" + v, fmt.Sprint(code)})
				}
			}
		}
		path := fill(r.Path, nil)
		if r.Method == "GET" {
			for _, q := range badQueries() {
				p.send("GET", path+"?"+q, "", q)
			}
			continue
		}
		template, known := bodies[r.Method+" "+r.Path]
		if !known {
			// A write route the probe has no body for: bad bodies on an unknown
			// record, so that a route that ignores its body changes nothing.
			path = fill(r.Path, map[string]string{"id": uuid.NewString()})
		}
		if r.Path == "/api/v1/lead-imports" {
			continue // a CSV upload: TestLeadImportRefusesBadCells
		}
		if code := p.send(r.Method, path, `{"name":`, "malformed"); known && code != http.StatusBadRequest {
			p.failures = append(p.failures, probeFailure{r.Method + " " + r.Path + " malformed", fmt.Sprint(code, " not 400")})
		}
		p.send(r.Method, path, `{"name":"a\u0000b"}`, "NUL")
		p.send(r.Method, path, `{"a\u0000b":1}`, "NUL key")
		if known {
			for _, m := range mutations(h, template) {
				p.send(r.Method, path, m.body, m.name)
			}
		}
	}
	t.Logf("%d requests sent over %d routes", p.sent, len(routes))
	for _, f := range p.failures {
		t.Errorf("%s -> %s", f.request, f.answer)
	}
}

// mutation is a body with one value replaced by bad input.
type mutation struct{ name, body string }

// mutations replaces each string and number of a valid body, one at a time,
// with bad values: a NUL, texts too long for any index or just under the
// body limit, undeliverable addresses, sign-prefixed and upper-case ids, and
// numbers out of every column's range.
func mutations(h *harness.Harness, template any) []mutation {
	raw, _ := json.Marshal(template)
	var doc any
	_ = json.Unmarshal(raw, &doc)
	long := harness.RandHex(1500)                 // 3,000 random characters: beyond a btree entry
	huge := harness.RandHex((1<<20 - 16<<10) / 2) // just under the 1 MiB body limit
	var out []mutation
	var walk func(path string, v any, set func(any))
	walk = func(path string, v any, set func(any)) {
		switch x := v.(type) {
		case map[string]any:
			for k, item := range x {
				walk(path+"."+k, item, func(nv any) { x[k] = nv })
			}
		case []any:
			for i, item := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), item, func(nv any) { x[i] = nv })
			}
		case string:
			bad := []any{"a\u0000b", long, huge, "a,evil@x.test", "a" + h.Suffix + "\r\nBcc: evil@x.test",
				"Eve <eve" + h.Suffix + ">", "+1", " " + x + " "}
			if len(x) == 36 {
				bad = append(bad, strings.ToUpper(x))
			}
			for _, b := range bad {
				set(b)
				body, _ := json.Marshal(doc)
				out = append(out, mutation{fmt.Sprintf("%s=%.40v", path, b), string(body)})
			}
			set(x)
		case float64:
			for _, b := range []json.Number{"99999999999", "-99999999999", "2147483648", "1e400", "0.5"} {
				set(b)
				body, _ := json.Marshal(doc)
				out = append(out, mutation{fmt.Sprintf("%s=%s", path, b), string(body)})
			}
			set(x)
		}
	}
	walk("", doc, func(any) {})
	return out
}

// TestBadInputProbeCoversEveryWriteRoute: the probe's bodies name only
// routes that exist, so a renamed route cannot leave its body unprobed.
func TestBadInputProbeCoversEveryWriteRoute(t *testing.T) {
	engine, ok := api.NewRouter(api.Config{}).(*gin.Engine)
	require.True(t, ok)
	served := map[string]bool{}
	for _, r := range engine.Routes() {
		served[r.Method+" "+r.Path] = true
	}
	h := &harness.Harness{T: t}
	for key := range (probeFixtures{}).probeBodies(h) {
		assert.True(t, served[key], "the probe has a body for %s, which is not served", key)
	}
}
