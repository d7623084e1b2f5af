package api

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// notLists are GET answers that carry "items" but are no list of records:
// a chart's bars are its whole answer, not a page of something.
var notLists = map[string]bool{
	"/api/v1/campaigns/:id/charts/participants-by-status": true,
	"/api/v1/campaigns/:id/charts/pipeline":               true,
}

// answerFields names the JSON fields of an answer type (jsonFields).
func answerFields(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		for _, f := range jsonFields(t) {
			out[f.name] = true
		}
	}
	return out
}

// TestEveryListFollowsTheConvention: every GET answer that holds "items"
// is a page: it takes limit (1 to 500, default 50) and cursor, and answers
// next_cursor beside its items.
func TestEveryListFollowsTheConvention(t *testing.T) {
	lists := 0
	for _, op := range operations() {
		if op.Method != "GET" || op.Answer == nil || notLists[op.Path] {
			continue
		}
		fields := answerFields(reflect.TypeOf(op.Answer))
		if !fields["items"] {
			continue
		}
		lists++
		assert.True(t, fields["next_cursor"], "%s answers items without next_cursor", op.Path)
		params := map[string]bool{}
		for _, p := range op.Query {
			params[p.Name] = true
			if p.Name != "limit" {
				continue
			}
			s := p.Schema.Value
			assert.Equal(t, float64(domain.DefaultPageLimit), s.Default, "%s: limit's default", op.Path)
			if assert.NotNil(t, s.Min, op.Path) && assert.NotNil(t, s.Max, op.Path) {
				assert.Equal(t, []float64{1, domain.MaxPageLimit}, []float64{*s.Min, *s.Max}, "%s: limit's bounds", op.Path)
			}
		}
		assert.True(t, params["limit"] && params["cursor"], "%s takes no limit and cursor", op.Path)
	}
	assert.Greater(t, lists, 25, "the table's lists were found")
	assert.EqualValues(t, 50, domain.DefaultPageLimit)
	assert.EqualValues(t, 500, domain.MaxPageLimit)
}
