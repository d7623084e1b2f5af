package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// TestEveryListPagesTheSameWay walks every list of the OpenAPI document
// (each GET that takes a cursor) on the access fixture's records: a limit
// out of 1..500 and a forged cursor answer 422 naming the parameter, and
// the list read one item at a time, following next_cursor, is the list
// read in one page of 500: the same items in the same order, none twice.
func TestEveryListPagesTheSameWay(t *testing.T) {
	h := harness.New(t)
	fx := newAccessFixture(h)
	doc, err := harness.ServedDocument()
	require.NoError(t, err)
	lists, paged := 0, 0
	for path, item := range doc.Doc.Paths.Map() {
		op := item.Get
		if op == nil || op.Parameters.GetByInAndName("query", "cursor") == nil {
			continue
		}
		lists++
		pattern := strings.NewReplacer("{", ":", "}", "").Replace(path)
		base := fillParams(t, pattern, fx.params)
		get := func(query string, out any) *http.Response {
			t.Helper()
			sep := "?"
			if strings.Contains(base, "?") {
				sep = "&"
			}
			return h.Call("GET", base+sep+query, nil, out)
		}
		t.Run(pattern, func(t *testing.T) {
			for _, q := range []struct{ query, field string }{
				{"limit=0", "limit"}, {"limit=501", "limit"}, {"limit=ten", "limit"},
				{"cursor=" + url.QueryEscape("not a cursor"), "cursor"}, {"cursor=WyJ4Il0", "cursor"},
			} {
				var p harness.Problem
				resp := get(q.query, &p)
				harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, q.field)
			}
			var whole domain.Page[json.RawMessage]
			require.Equal(t, http.StatusOK, get("limit=500", &whole).StatusCode)
			require.Empty(t, whole.NextCursor, "the fixture holds fewer than 500 of each")
			var one []json.RawMessage
			cursor := ""
			for range len(whole.Items) + 1 {
				var pg domain.Page[json.RawMessage]
				require.Equal(t, http.StatusOK, get("limit=1&cursor="+url.QueryEscape(cursor), &pg).StatusCode)
				require.LessOrEqual(t, len(pg.Items), 1)
				one = append(one, pg.Items...)
				if cursor = pg.NextCursor; cursor == "" {
					break
				}
			}
			require.Len(t, one, len(whole.Items), "one at a time reads as many as one page of 500")
			for i := range one {
				assert.JSONEq(t, string(whole.Items[i]), string(one[i]), "item %d", i)
			}
			if len(whole.Items) > 1 {
				paged++
			}
		})
	}
	assert.GreaterOrEqual(t, lists, 29, "the document's lists were found")
	assert.GreaterOrEqual(t, paged, 8, "lists that the fixture fills with more than one item were paged one by one")
}
