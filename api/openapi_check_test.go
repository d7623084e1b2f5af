package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/api"
)

// servedDocument is the OpenAPI document the API serves, loaded once, and a
// router over its operations.
var servedDocument = sync.OnceValues(func() (*checkedDoc, error) {
	rec := httptest.NewRecorder()
	api.NewRouter(api.Config{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, api.OpenAPIPath, nil))
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("GET %s answered %d: %s", api.OpenAPIPath, rec.Code, rec.Body)
	}
	doc, err := openapi3.NewLoader().LoadFromData(rec.Body.Bytes())
	if err != nil {
		return nil, err
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &checkedDoc{doc: doc, router: router}, nil
})

type checkedDoc struct {
	doc    *openapi3.T
	router routers.Router
}

// checkedAPI serves handler and checks every exchange against the served
// OpenAPI document: the answer's status, media type and JSON body (a
// problem+json error too) always, and for an answer that succeeded (2xx)
// the request as well: its path and query parameters, headers and JSON
// body (unknown query parameters are ignored, as the API ignores them). A request the API accepted must be
// one the document allows. Bodies that are not JSON (CSV, PDF, HTML pages
// under /u/, metrics) are checked for their media type only. A mismatch
// fails t, the test that made the call, naming the call.
func checkedAPI(t testing.TB, handler http.Handler) http.Handler {
	t.Helper()
	d, err := servedDocument()
	if err != nil {
		t.Fatalf("openapi: %v", err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("openapi: reading the request body of %s %s: %v", r.Method, r.URL, err)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := &teeWriter{ResponseWriter: w, status: http.StatusOK}
		handler.ServeHTTP(rec, r)
		req := r.Clone(context.WithoutCancel(r.Context()))
		req.Body = io.NopCloser(bytes.NewReader(body))
		if err := d.check(req, rec.status, rec.Header(), rec.buf.Bytes()); err != nil {
			t.Errorf("openapi: %s %.300s answered %d, which the document does not allow: %.3000v\nbody: %.2000s",
				r.Method, r.URL, rec.status, err, rec.buf.Bytes())
		}
	})
}

// check validates one exchange.
func (d *checkedDoc) check(req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := d.router.FindRoute(req)
	if err != nil {
		// No operation: the router's own 404 and 405, which are problems.
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			return fmt.Errorf("no operation %s %s (%v)", req.Method, req.URL.Path, err)
		}
		return d.checkProblem(header, body)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if status/100 == 2 {
		reqOpts := *opts
		reqOpts.ExcludeRequestBody = !readsJSON(route.Operation, req)
		in.Options = &reqOpts
		if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
			return fmt.Errorf("the request it accepted: %w", err)
		}
		in.Options = opts
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header, Options: opts}
	out.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(req.Context(), out)
}

// readsJSON tells whether the request carries a JSON body the operation
// reads as JSON (a CSV or form body is not checked).
func readsJSON(op *openapi3.Operation, req *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	return op.RequestBody != nil && op.RequestBody.Value.Content.Get("application/json") != nil && mt == "application/json"
}

// checkProblem validates a problem+json answer against the Problem schema.
func (d *checkedDoc) checkProblem(header http.Header, body []byte) error {
	if ct := header.Get("Content-Type"); ct != "application/problem+json" {
		return fmt.Errorf("an error answered as %q, not application/problem+json", ct)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	schema := d.doc.Components.Schemas["Problem"]
	if schema == nil || schema.Value == nil {
		return errors.New("the document has no Problem schema")
	}
	return schema.Value.VisitJSON(v, openapi3.EnableJSONSchema2020())
}

func jsonRequest(method, path, body string) *http.Request {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

// teeWriter keeps a copy of the answer while passing it on (streams too).
type teeWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (w *teeWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *teeWriter) Write(b []byte) (int, error) {
	w.buf.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *teeWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// TestCheckedAPIRefusesWhatTheDocumentDoesNot: the check the harness puts on
// every call fails an answer the document does not describe (a field it
// does not name, a wrong type, an undocumented status, a null list), an
// accepted request the document refuses (a parameter out of range, a body
// of the wrong type), and an error that is no problem; it passes the real
// answers.
func TestCheckedAPIRefusesWhatTheDocumentDoesNot(t *testing.T) {
	d, err := servedDocument()
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
			err := d.check(tc.req, tc.status, tc.header, []byte(tc.body))
			if tc.ok && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tc.ok && err == nil {
				t.Error("passed")
			}
		})
	}
}
