package api_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/api"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// TestBadInputAnswers: each kind of bad input gets its 4xx with the field
// named (and the limit, for a text too long), and nothing is written.
func TestBadInputAnswers(t *testing.T) {
	h := harness.New(t)
	fx := newProbeFixtures(h)
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	text := func(n int) string { return strings.Repeat("x", n) }
	huge := text(1<<20 - 16<<10) // a body just under the 1 MiB limit
	camp, lead, imp, c := "/api/v1/campaigns/"+fx.campaign, "/api/v1/leads/"+fx.lead, "/api/v1/lead-imports/"+fx.leadImport, "/api/v1/contacts/"+fx.contact
	upper := "/api/v1/campaigns/" + strings.ToUpper(fx.campaign)
	before := h.RecordCounts()

	tests := []struct {
		name, method, path string
		body               any
		status             int
		field              string // a field the problem must list ("" for none)
		detail             string // a part of the detail or of the field's message
	}{
		// A body that is not JSON at all is malformed syntax; JSON of the wrong shape is 422.
		{"body cut short", "POST", "/api/v1/contacts", `{"first_name":`, 400, "body", "not valid JSON"},
		{"body not JSON on a patch", "PATCH", lead, `{first_name: "x"}`, 400, "body", "not valid JSON"},
		{"a number too large for any type is still JSON", "POST", "/api/v1/lead-scoring-rules",
			`{"field":"company","operator":"present","points":1e400}`, 422, "points", ""},

		// A NUL character, refused where the body, the query or a cell is read.
		{"NUL in a body field", "POST", "/api/v1/contacts", map[string]any{"first_name": "a\x00b", "last_name": "L"}, 422, "first_name", "NUL"},
		{"NUL deep in a body", "POST", "/api/v1/workflow-templates", map[string]any{"name": "T", "statuses": []map[string]any{
			{"name": "Targeted", "next": []string{"Contacted"}}, {"name": "Con\x00tacted"}}}, 422, "statuses[1].name", "NUL"},
		{"NUL in a patch", "PATCH", camp, map[string]any{"description": "\x00"}, 422, "description", "NUL"},
		{"NUL in a key", "PATCH", imp + "/rows/1", map[string]any{"data": map[string]any{"city\x00": "x"}}, 422, "data.city\x00", "NUL"},
		{"NUL in q", "GET", "/api/v1/leads?q=a%00", nil, 422, "q", "NUL"},
		{"NUL in source_type", "GET", "/api/v1/leads?source_type=%00", nil, 422, "source_type", "NUL"},
		{"NUL in an export's status", "GET", "/api/v1/leads/export.csv?status=%00", nil, 422, "status", "NUL"},
		{"NUL in type", "GET", "/api/v1/batch-processes?type=%00", nil, 422, "type", "NUL"},
		{"NUL in status", "GET", camp + "/participants?status=%00", nil, 422, "status", "NUL"},
		{"NUL in a campaign search", "GET", "/api/v1/campaigns?q=%00", nil, 422, "q", "NUL"},
		{"query not UTF-8", "GET", "/api/v1/leads?q=caf%E9", nil, 422, "q", "UTF-8"},
		{"query not well formed", "GET", "/api/v1/leads?q=50%zz", nil, 400, "", "query string"},

		// Numbers beyond their column's range.
		{"version beyond integer", "GET", camp + "/versions/2147483648", nil, 404, "", "version number"},
		{"version status beyond integer", "POST", camp + "/versions/2147483648/status", map[string]any{"status": "Test"}, 404, "", ""},
		{"import row beyond integer", "PATCH", imp + "/rows/3000000000", map[string]any{"skip": true}, 404, "", "row number"},
		{"import rows cursor beyond integer", "GET", imp + "/rows?cursor=" + domain.IntCursor(99999999999), nil, 422, "cursor", "invalid cursor"},
		{"audit cursor beyond bigint", "GET", lead + "/audit?cursor=" + b64(`[99999999999999999999]`), nil, 422, "cursor", "invalid cursor"},
		{"batch items cursor beyond integer", "GET", "/api/v1/batch-processes/" + fx.batch + "?cursor=" + domain.IntCursor(99999999999), nil, 422, "cursor", "invalid cursor"},
		{"score_min beyond integer", "GET", "/api/v1/leads?score_min=99999999999", nil, 422, "score_min", "2147483647"},
		{"score_min below integer", "GET", "/api/v1/leads?score_min=-99999999999", nil, 422, "score_min", "-2147483648"},
		{"score_max beyond integer", "GET", "/api/v1/leads/export.csv?score_max=99999999999", nil, 422, "score_max", ""},
		{"limit beyond its bound", "GET", "/api/v1/leads?limit=99999999999", nil, 422, "limit", "500"},
		{"drip step beyond integer", "POST", c + "/drips/" + fx.drip + "/steps/2147483648/skip", nil, 404, "", "step number"},

		// Cursors no previous page gave out.
		{"forged lead cursor", "GET", "/api/v1/leads?cursor=WyJ4IiwxXQ", nil, 422, "cursor", "invalid cursor"},
		{"lead cursor for another sort", "GET", "/api/v1/leads?sort=score&cursor=" + b64(`["x",1]`), nil, 422, "cursor", "invalid cursor"},
		{"lead cursor with a NUL", "GET", "/api/v1/leads?sort=last_name&cursor=" + b64(`["\u0000",1]`), nil, 422, "cursor", "invalid cursor"},
		{"lead cursor in year 0", "GET", "/api/v1/leads?cursor=" + b64(`["0000-01-01T00:00:00Z",1]`), nil, 422, "cursor", "invalid cursor"},
		{"forged campaign cursor", "GET", "/api/v1/campaigns?cursor=" + b64(`{"s":"-created_at","k":"x","id":"`+uuid.NewString()+`"}`), nil, 422, "cursor", "invalid cursor"},
		{"forged activity cursor", "GET", c + "/activities?cursor=yesterday", nil, 422, "cursor", "invalid cursor"},
		{"forged batch cursor", "GET", "/api/v1/batch-processes?cursor=yesterday", nil, 422, "cursor", "invalid cursor"},
		{"forged opportunity cursor", "GET", camp + "/opportunities?cursor=yesterday", nil, 422, "cursor", "invalid cursor"},
		{"forged participant cursor", "GET", camp + "/participants?cursor=" + strings.ToUpper(uuid.NewString()), nil, 422, "cursor", "invalid cursor"},
		{"forged audience cursor", "GET", camp + "/audience/preview?cursor=1", nil, 422, "cursor", "invalid cursor"},

		// Texts too long, with the limit in the message.
		{"1 MB coverage role", "POST", c + "/coverage", map[string]any{"user_id": h.Manager.ID, "role": huge}, 422, "role", "at most 200 characters"},
		{"1 MB document name", "POST", "/api/v1/folders/" + fx.folder + "/documents", map[string]any{"name": text(1 << 20)}, 422, "name", "at most 200 characters"},
		{"1 MB campaign description", "POST", "/api/v1/campaigns", map[string]any{"name": "C", "priority": "A", "description": huge}, 422, "description", "at most 2000 characters"},
		{"1 MB group description", "POST", "/api/v1/customer-groups", map[string]any{"name": "G", "description": huge}, 422, "description", "at most 2000 characters"},
		{"1 MB drip description", "POST", "/api/v1/drip-campaigns", map[string]any{"name": "D", "description": huge,
			"steps": []map[string]any{{"name": "S", "action": "task", "subject": "T"}}}, 422, "description", "at most 2000 characters"},
		{"1 MB template description", "POST", "/api/v1/workflow-templates", map[string]any{"name": "T", "description": huge,
			"statuses": []map[string]any{{"name": "Targeted", "next": []string{"Contacted"}}, {"name": "Contacted"}}}, 422, "description", "at most 2000 characters"},
		{"long activity subject", "POST", lead + "/activities", map[string]any{"kind": "task", "subject": text(999)}, 422, "subject", "at most 998 characters"},
		{"long drip step subject", "POST", "/api/v1/drip-campaigns", map[string]any{"name": "D",
			"steps": []map[string]any{{"name": "S", "action": "task", "subject": text(999)}}}, 422, "steps[0].subject", "at most 998 characters"},
		{"long folder name", "POST", "/api/v1/folders", map[string]any{"name": text(201)}, 422, "name", "at most 200 characters"},
		{"long filter name", "POST", "/api/v1/predefined-filters", map[string]any{"name": text(3000),
			"conditions": []map[string]any{{"field": "email", "op": "eq", "value": "x"}}}, 422, "name", "at most 200 characters"},
		{"long plan name", "POST", "/api/v1/activity-plan-templates", map[string]any{"name": text(3000),
			"steps": []map[string]any{{"kind": "task", "subject": "S"}}}, 422, "name", "at most 200 characters"},
		{"long status name", "PUT", camp + "/workflow", map[string]any{"statuses": []map[string]any{{"name": text(300)}}},
			422, "statuses[0].name", "at most 200 characters"},
		{"long lead search", "GET", "/api/v1/leads?q=" + text(201), nil, 422, "q", "at most 200 characters"},
		{"long lead company", "POST", "/api/v1/leads", withField(h.LeadBody("Long", "Company"), "company", text(201)), 422, "company", "at most 200 characters"},

		// Addresses that can never be delivered.
		{"contact address list", "POST", "/api/v1/contacts", map[string]any{"last_name": "L", "email": "a,evil@x.test"}, 422, "email", ""},
		{"contact address with CRLF", "POST", "/api/v1/contacts", map[string]any{"last_name": "L", "email": "a@x.test\r\nBcc:e@x.test"}, 422, "email", ""},
		{"contact address with a name", "PATCH", c, map[string]any{"email": "Eve <eve@x.test>"}, 422, "email", ""},
		{"test recipient list", "PUT", camp + "/settings", map[string]any{"test_recipients": []string{"a,evil@x.test"}}, 422, "test_recipients[0]", ""},
		{"test recipient with LF", "PUT", camp + "/settings", map[string]any{"test_recipients": []string{"ok@x.test", "t@x.test\nBcc:e@x.test"}}, 422, "test_recipients[1]", ""},
		{"lead address list", "POST", "/api/v1/leads", withField(h.LeadBody("Ann", "List"), "email", "a,evil@x.test"), 422, "email", ""},
		{"lead address with CR", "PATCH", lead, map[string]any{"email": "a@x.test\rBcc: e@x.test"}, 422, "email", ""},

		// Ids are read strictly: no other spelling reaches a record.
		{"lead id with a plus", "GET", "/api/v1/leads/+" + fx.lead, nil, 404, "", "lead id"},
		{"delete a lead id with a plus", "DELETE", "/api/v1/leads/+" + fx.lead, nil, 404, "", "lead id"},
		{"lead id with a leading zero", "PATCH", "/api/v1/leads/0" + fx.lead, map[string]any{"first_name": "Zero"}, 404, "", "lead id"},
		{"lead id beyond bigint", "GET", "/api/v1/leads/9223372036854775808", nil, 404, "", "lead id"},
		{"campaign id in upper case", "PATCH", upper, map[string]any{"name": "Renamed"}, 404, "", ""},
		{"delete a campaign id in upper case", "DELETE", upper, nil, 404, "", ""},
		{"complete an import id in upper case", "POST", "/api/v1/lead-imports/" + strings.ToUpper(fx.leadImport) + "/complete", nil, 404, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p harness.Problem
			resp := h.Call(tc.method, tc.path, tc.body, nil)
			raw := harness.ReadAll(t, resp)
			require.Equal(t, tc.status, resp.StatusCode, "%.300s", raw)
			require.NoError(t, harness.DecodeJSON([]byte(raw), &p), "%.300s", raw)
			assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
			assert.Equal(t, tc.status, p.Status)
			if tc.status == http.StatusBadRequest {
				assert.Equal(t, api.ProblemTypeBase+"malformed", p.Type)
			}
			found := tc.field == ""
			texts := []string{p.Detail}
			for _, f := range p.Errors {
				found = found || f.Field == tc.field
				texts = append(texts, f.Message)
			}
			assert.True(t, found, "field %q not among %+v", tc.field, p.Errors)
			assert.Contains(t, strings.Join(texts, " | "), tc.detail)
		})
	}

	assert.Equal(t, before, h.RecordCounts(), "no refused request wrote a record")
	var l harness.LeadJSON
	require.Equal(t, http.StatusOK, h.Call("GET", lead, nil, &l).StatusCode)
	assert.Equal(t, "Probe", l.FirstName)
	assert.Equal(t, "Probe", h.GetCampaign(fx.campaign)["name"])
	var imported map[string]any
	require.Equal(t, http.StatusOK, h.Call("GET", imp, nil, &imported).StatusCode)
	assert.Equal(t, "staged", imported["status"], "the import was not started by another spelling of its id")
}

func withField(body map[string]any, key string, value any) map[string]any {
	body[key] = value
	return body
}
