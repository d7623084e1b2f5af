package harness

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
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/drumbeat-crm/drumbeat/api"
)

// ServedDocument is the OpenAPI document the API serves, loaded once, and a
// router over its operations.
var ServedDocument = sync.OnceValues(func() (*CheckedDoc, error) {
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
	return &CheckedDoc{Doc: doc, router: router}, nil
})

// CheckedDoc is the served OpenAPI document and a router over its operations.
type CheckedDoc struct {
	Doc    *openapi3.T
	router routers.Router
}

// CheckedAPI serves handler and checks every exchange against the served
// OpenAPI document: the answer's status, media type and JSON body (a
// problem+json error too) always, and for an answer that succeeded (2xx)
// the request as well: its path and query parameters, headers and JSON
// body (unknown query parameters are ignored, as the API ignores them). A request the API accepted must be
// one the document allows. Bodies that are not JSON (CSV, PDF, HTML pages
// under /u/, metrics) are checked for their media type only. A mismatch
// fails t, the test that made the call, naming the call.
func CheckedAPI(t testing.TB, handler http.Handler) http.Handler {
	t.Helper()
	d, err := ServedDocument()
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
		if err := d.Check(req, rec.status, rec.Header(), rec.buf.Bytes()); err != nil {
			t.Errorf("openapi: %s %.300s answered %d, which the document does not allow: %.3000v\nbody: %.2000s",
				r.Method, r.URL, rec.status, err, rec.buf.Bytes())
		}
	})
}

// Check validates one exchange.
func (d *CheckedDoc) Check(req *http.Request, status int, header http.Header, body []byte) error {
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
func (d *CheckedDoc) checkProblem(header http.Header, body []byte) error {
	if ct := header.Get("Content-Type"); ct != "application/problem+json" {
		return fmt.Errorf("an error answered as %q, not application/problem+json", ct)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	schema := d.Doc.Components.Schemas["Problem"]
	if schema == nil || schema.Value == nil {
		return errors.New("the document has no Problem schema")
	}
	return schema.Value.VisitJSON(v, openapi3.EnableJSONSchema2020())
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
