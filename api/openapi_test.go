package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	must "github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/metrics"
)

// TestOpenAPICoversEveryRoute walks every route of the real engine (with
// metrics, so /metrics is served too): a route without an operation in the
// table, or a row whose route is not served, fails with what to do.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	engine, ok := NewRouter(Config{Metrics: metrics.NewAPI()}).(*gin.Engine)
	must.True(t, ok, "the router is a gin engine")
	served := map[string]bool{}
	for _, r := range engine.Routes() {
		served[r.Method+" "+r.Path] = true
	}
	listed := map[string]bool{}
	for _, o := range operations() {
		key := o.Method + " " + o.Path
		assert.False(t, listed[key], "two rows for %s", key)
		listed[key] = true
		assert.True(t, served[key], "the OpenAPI table has a row for %s, which the router does not serve: remove it from %s or fix its Method/Path",
			key, opsFile(o.Path))
	}
	for key := range served {
		method, path, _ := strings.Cut(key, " ")
		assert.True(t, listed[key], "%s has no OpenAPI operation: add the row {Method: %q, Path: %q, Priv: ..., Summary: ..., Body: ..., Answer: ...} to %s",
			key, method, path, opsFile(path))
	}
}

// opsFile says which table file holds the rows of a path.
func opsFile(path string) string {
	rest := strings.TrimPrefix(path, "/api/v1/")
	switch first, _, _ := strings.Cut(rest, "/"); {
	case rest == path || first == "me" || first == "openapi.json":
		return "api/openapi_ops_admin.go (systemOps)"
	case first == "campaigns" && (strings.Contains(rest, "/charts") || strings.Contains(rest, "/opportunities") ||
		strings.Contains(rest, "/versions") || strings.Contains(rest, "/fields") || strings.Contains(rest, "/settings") ||
		strings.Contains(rest, "/audience")), first == "opportunities":
		return "api/openapi_ops_campaign_records.go (campaignRecordOps)"
	case first == "campaigns" || first == "workflow-templates":
		return "api/openapi_ops_campaigns.go (campaignOps)"
	case first == "contacts" || first == "customer-groups" || first == "drip-campaigns" || first == "predefined-filters" || first == "activity-plan-templates":
		return "api/openapi_ops_contacts.go (contactOps)"
	case first == "folders" || first == "documents" || first == "generated-documents" || first == "batch-processes":
		return "api/openapi_ops_documents.go (documentOps)"
	case first == "lead-settings" || first == "lead-scoring-rules":
		return "api/openapi_ops_leads.go (leadAdminOps)"
	case strings.HasPrefix(first, "lead"):
		return "api/openapi_ops_leads.go (leadOps)"
	case first == "users" || first == "tokens":
		return "api/openapi_ops_admin.go (userOps)"
	case first == "suppressions" || first == "bounces":
		return "api/openapi_ops_admin.go (deliverabilityOps)"
	}
	return "the api/openapi_ops_*.go file of its area"
}

// TestOpenAPIDocument: the document served without a token at
// /api/v1/openapi.json is valid OpenAPI 3.1, and every operation names its
// privilege and security, its answers and problem errors.
func TestOpenAPIDocument(t *testing.T) {
	engine := NewRouter(Config{})
	rec := httptest.NewRecorder()
	engine.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, OpenAPIPath, nil))
	must.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))

	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(rec.Body.Bytes())
	must.NoError(t, err)
	must.NoError(t, doc.Validate(t.Context()))
	assert.Equal(t, "3.1.0", doc.OpenAPI)
	must.Contains(t, doc.Components.SecuritySchemes, "bearer")
	assert.Equal(t, "bearer", doc.Components.SecuritySchemes["bearer"].Value.Scheme)

	problem := doc.Components.Schemas["Problem"].Value
	must.NotNil(t, problem)
	assert.ElementsMatch(t, []string{"type", "title", "status"}, problem.Required)
	fieldErr := problem.Properties["errors"].Value.Items.Value
	assert.Equal(t, []string{"field", "message"}, fieldErr.Required, "each field error names its field and message")

	n := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			n++
			name := method + " " + path
			priv, _ := op.Extensions["x-privilege"].(string)
			must.NotEmpty(t, priv, "%s has no x-privilege", name)
			must.NotNil(t, op.Security, name)
			if priv == PrivPublic {
				assert.Empty(t, *op.Security, "%s needs no token", name)
			} else {
				assert.Equal(t, openapi3.SecurityRequirements{{"bearer": []string{}}}, *op.Security, name)
				assert.NotNil(t, op.Responses.Status(401), "%s answers 401 without a token", name)
			}
			assert.NotNil(t, op.Responses.Status(500), name)
			for code, r := range op.Responses.Map() {
				if code[0] == '4' || code[0] == '5' {
					assert.Contains(t, r.Value.Content, "application/problem+json", "%s %s is a problem", name, code)
				}
			}
		}
	}
	assert.Len(t, operations(), n)
	assert.Greater(t, n, 130)

	// A reader finds the privilege of a campaign route and the body it takes.
	create := doc.Paths.Value("/api/v1/campaigns").Post
	assert.Equal(t, "campaigns", create.Extensions["x-privilege"])
	assert.NotNil(t, create.RequestBody.Value.Content.Get("application/json").Schema)
	assert.NotNil(t, create.Responses.Status(201).Value.Content.Get("application/json").Schema)
	assert.NotNil(t, create.Responses.Status(422))
}

// schemaFixture exercises the generator's reading of Go types.
type schemaFixture struct {
	Name      string            `json:"name"`
	Note      string            `json:"note,omitempty"`
	When      time.Time         `json:"when"`
	Maybe     *time.Time        `json:"maybe"`
	File      []byte            `json:"file_base64"`
	Tags      []string          `json:"tags"`
	Extra     map[string]string `json:"extra"`
	Raw       json.RawMessage   `json:"raw"`
	Hidden    string            `json:"-"`
	internal  string
	Count     int64      `json:"count"`
	schemaEmb            // its fields are promoted
	Child     *schemaEmb `json:"child"`
}

type schemaEmb struct {
	Inner string `json:"inner"`
	Name  string `json:"name"` // hidden by the outer name
}

// TestSchemaGenFollowsEncodingJSON: fields by json tag, omitempty optional in
// answers, pointers nullable, time.Time a date-time, []byte base64, embedded
// fields promoted, and nothing required of a body the API reads.
func TestSchemaGenFollowsEncodingJSON(t *testing.T) {
	g := newSchemaGen()
	ref := g.schemaOf(schemaFixture{}, false)
	must.NoError(t, g.err)
	assert.Equal(t, "#/components/schemas/SchemaFixture", ref.Ref)
	s := g.components["SchemaFixture"].Value
	var names []string
	for n := range s.Properties {
		names = append(names, n)
	}
	assert.ElementsMatch(t, []string{"name", "note", "when", "maybe", "file_base64", "tags", "extra", "raw", "count", "inner", "child"}, names)
	assert.ElementsMatch(t, []string{"name", "when", "maybe", "file_base64", "tags", "extra", "raw", "count", "inner", "child"}, s.Required)
	assert.Equal(t, "date-time", s.Properties["when"].Value.Format)
	assert.Equal(t, &openapi3.Types{"string", "null"}, s.Properties["maybe"].Value.Type)
	assert.Equal(t, "base64", s.Properties["file_base64"].Value.ContentEncoding)
	assert.Equal(t, &openapi3.Types{"array"}, s.Properties["tags"].Value.Type, "a list is never null")
	assert.Equal(t, "int64", s.Properties["count"].Value.Format)
	assert.Contains(t, *s.Properties["raw"].Value.Type, "null", "raw JSON is any value")
	child := s.Properties["child"].Value.AnyOf
	must.Len(t, child, 2)
	assert.Equal(t, "#/components/schemas/SchemaEmb", child[0].Ref)
	assert.False(t, *s.AdditionalProperties.Has, "no field beyond the named ones")

	in := g.schemaOf(schemaFixture{}, true)
	assert.Equal(t, "#/components/schemas/SchemaFixtureInput", in.Ref, "a type both read and written has two components")
	assert.Empty(t, g.components["SchemaFixtureInput"].Value.Required)

	pg := g.schemaOf(domain.Page[schemaEmb]{}, false)
	assert.Equal(t, "#/components/schemas/SchemaEmbPage", pg.Ref)

	bad := newSchemaGen()
	bad.schemaOf(struct {
		C chan int `json:"c"`
	}{}, false)
	assert.Error(t, bad.err, "a type JSON cannot carry is refused")
}

// TestOpenAPIRowsNeedWhatReadersNeed: a row without a summary or a
// privilege, or with a path parameter the document cannot describe, is
// refused when the document is built.
func TestOpenAPIRowsNeedWhatReadersNeed(t *testing.T) {
	for _, o := range []operation{
		{Method: "GET", Path: "/api/v1/x", Priv: PrivSignedIn},
		{Method: "GET", Path: "/api/v1/x", Summary: "X"},
		{Method: "GET", Path: "/api/v1/things/:thing", Summary: "X", Priv: PrivSignedIn},
	} {
		_, err := buildOpenAPI([]operation{o})
		assert.Error(t, err, fmt.Sprint(o))
	}
	_, err := buildOpenAPI([]operation{{Method: "GET", Path: "/api/v1/x", Summary: "X", Priv: PrivSignedIn},
		{Method: "GET", Path: "/api/v1/x", Summary: "Y", Priv: PrivSignedIn}})
	assert.ErrorContains(t, err, "two rows")
}
