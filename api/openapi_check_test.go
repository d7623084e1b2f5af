package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

func jsonRequest(method, path, body string) *http.Request {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

// TestCheckedAPIRefusesWhatTheDocumentDoesNot: the check the harness puts on
// every call fails an answer the document does not describe (a field it
// does not name, a wrong type, an undocumented status, a null list), an
// accepted request the document refuses (a parameter out of range, a body
// of the wrong type), and an error that is no problem; it passes the real
// answers.
func TestCheckedAPIRefusesWhatTheDocumentDoesNot(t *testing.T) {
	d, err := harness.ServedDocument()
	if err != nil {
		t.Fatal(err)
	}
	jsonHeader := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	problemHeader := http.Header{"Content-Type": {"application/problem+json"}}
	user := `{"id":"u1","name":"A","email":"a@x","privileges":["admin"],"active":true,"created_at":"2026-01-02T03:04:05Z"}`
	me := func(query string) *http.Request {
		return httptest.NewRequest(http.MethodGet, "/api/v1/me"+query, nil)
	}
	tests := []struct {
		name   string
		req    *http.Request
		status int
		header http.Header
		body   string
		ok     bool
	}{
		{"the real answer", me(""), 200, jsonHeader, user, true},
		{"a field the document does not name", me(""), 200, jsonHeader, strings.Replace(user, `"active"`, `"secret":1,"active"`, 1), false},
		{"a wrong type", me(""), 200, jsonHeader, strings.Replace(user, `"active":true`, `"active":"yes"`, 1), false},
		{"a required field missing", me(""), 200, jsonHeader, strings.Replace(user, `"name":"A",`, ``, 1), false},
		{"a null list", me(""), 200, jsonHeader, strings.Replace(user, `["admin"]`, `null`, 1), false},
		{"an undocumented status", me(""), 418, problemHeader, `{"type":"x","title":"x","status":418}`, false},
		{"a query parameter out of range", httptest.NewRequest("GET", "/api/v1/users?limit=100000", nil), 200, jsonHeader,
			`{"items":[]}`, false},
		{"an accepted body the document refuses", jsonRequest("POST", "/api/v1/campaigns/"+uuid.NewString()+"/workflow/select",
			`{"template_id":7}`), 200, jsonHeader, `{}`, false},
		{"a problem", me(""), 401, problemHeader, `{"type":"urn:drumbeat:problem:unauthorized","title":"Authentication required","status":401}`, true},
		{"an error that is no problem", me(""), 401, jsonHeader, `{"error":"no"}`, false},
		{"an unknown endpoint's problem", httptest.NewRequest("GET", "/api/v1/nothing", nil), 404, problemHeader,
			`{"type":"urn:drumbeat:problem:not-found","title":"Not found","status":404,"errors":[{"field":"x","message":"y"}]}`, true},
		{"an unknown endpoint's bad problem", httptest.NewRequest("GET", "/api/v1/nothing", nil), 404, problemHeader, `{"title":"Not found"}`, false},
		{"a CSV export", httptest.NewRequest("GET", "/api/v1/suppressions/export.csv", nil), 200,
			http.Header{"Content-Type": {"text/csv; charset=utf-8"}}, "address\n", true},
		{"a CSV export as JSON", httptest.NewRequest("GET", "/api/v1/suppressions/export.csv", nil), 200, jsonHeader, "{}", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := d.Check(tc.req, tc.status, tc.header, []byte(tc.body))
			if tc.ok && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tc.ok && err == nil {
				t.Error("passed")
			}
		})
	}
}
