package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"
)

// OpenAPIPath is where the API serves its OpenAPI document, without a token.
const OpenAPIPath = "/api/v1/openapi.json"

// Privilege markers of an operation besides the domain.Priv* names.
const (
	PrivPublic   = "public"    // no token needed
	PrivSignedIn = "signed-in" // any signed-in user, no privilege
)

// operation is one row of the OpenAPI table: one route the router serves.
// The document is generated from these rows and the Go types they name, so
// a body type that changes changes the document with it.
type operation struct {
	Method, Path string // as registered with gin: "GET", "/api/v1/campaigns/:id"
	Summary      string
	Description  string
	Priv         string // the privilege it needs: domain.Priv*, PrivSignedIn or PrivPublic
	Query        []*openapi3.Parameter
	// Body is a zero value of the JSON body the handler binds; BodyMedia
	// lists the media types of a body that is not JSON (CSV, a message).
	Body      any
	BodyMedia []string
	// OptionalBody marks a body the client may leave out.
	OptionalBody bool
	// Status is the success status (0: 200); Answer a zero value of the JSON
	// it answers with (nil: no body), AnswerMedia the media types of an
	// answer that is not JSON (CSV, PDF, HTML).
	Status      int
	Answer      any
	AnswerMedia []string
	// Fails lists the error statuses beyond those every operation of its
	// kind may answer (see errorStatuses).
	Fails []int
}

// operations is the whole table, area by area (api/openapi_ops_*.go).
func operations() []operation {
	return slices.Concat(systemOps(), campaignOps(), campaignRecordOps(), contactOps(), documentOps(),
		leadOps(), leadAdminOps(), userOps(), deliverabilityOps())
}

// openAPIDocument is the document, assembled once from the table.
var openAPIDocument = sync.OnceValues(func() ([]byte, error) {
	doc, err := buildOpenAPI(operations())
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(doc, "", "  ")
})

// serveOpenAPI answers GET /api/v1/openapi.json.
func serveOpenAPI(c *gin.Context) {
	doc, err := openAPIDocument()
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/json", doc)
}

// errorResponses are the problem answers an operation may give, by status.
var errorResponses = map[int]struct{ name, desc string }{
	400: {"BadRequest", "The body is not JSON at all (malformed syntax), or the query string is not well formed"},
	401: {"Unauthorized", "No bearer token, or one that is unknown, expired or revoked"},
	403: {"Forbidden", "The user lacks the privilege the operation needs (x-privilege)"},
	404: {"NotFound", "No such record, or one the user may not see (a private campaign answers as if it did not exist)"},
	409: {"Conflict", "Refused by the current state of the record (a refused transition, a deleted campaign, a request with the same Idempotency-Key still being answered); detail says why"},
	413: {"TooLarge", "The body exceeds the limit of the endpoint"},
	415: {"UnsupportedMediaType", "The body's media type is not one the operation reads"},
	422: {"Invalid", "Invalid input: errors names each field (of the body, a query parameter or a header) and what is wrong with it"},
	429: {"TooManyFailedAuthentications", "This client address failed to authenticate too often; Retry-After says in how many seconds to try again"},
	500: {"Internal", "The request could not be completed; it is safe to retry"},
	503: {"NotReady", "PostgreSQL or Temporal does not answer"},
}

// errorStatuses lists what an operation may fail with: every one can meet a
// malformed or invalid query string (400, 422) and an internal error; one
// that needs a token a missing one (401) and an address that failed too
// often (429); one that needs a privilege 403; one with path parameters
// 404; one with a body 400, 413, 422; every POST under /api/v1 an
// Idempotency-Key in use (409) or reused for another request (422); every
// write on a campaign a deleted campaign (409).
func errorStatuses(o operation) []int {
	out := []int{400, 422, 500}
	if o.Priv != PrivPublic {
		out = append(out, 401, 429)
	}
	if o.Priv != PrivPublic && o.Priv != PrivSignedIn {
		out = append(out, 403)
	}
	if strings.Contains(o.Path, ":") {
		out = append(out, 404)
	}
	if o.Body != nil || len(o.BodyMedia) > 0 {
		out = append(out, 413)
	}
	if o.Method == http.MethodPost && strings.HasPrefix(o.Path, "/api/v1/") {
		out = append(out, 409)
	}
	if strings.HasPrefix(o.Path, campaignsPath+"/:id") && !readOnly(o.Method) {
		out = append(out, 409)
	}
	out = append(out, o.Fails...)
	slices.Sort(out)
	return slices.Compact(out)
}

// buildOpenAPI assembles the document from the table.
func buildOpenAPI(ops []operation) (*openapi3.T, error) {
	g := newSchemaGen()
	problemRef := g.schemaOf(Problem{}, false)
	doc := &openapi3.T{
		OpenAPI: "3.1.0",
		Info: &openapi3.Info{Title: "Drumbeat API", Version: "1",
			Description: apiDescription},
		Paths: openapi3.NewPaths(),
		Components: &openapi3.Components{Schemas: g.components, Responses: openapi3.ResponseBodies{},
			SecuritySchemes: openapi3.SecuritySchemes{"bearer": &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{
				Type: "http", Scheme: "bearer", Description: "A user's API token: Authorization: Bearer <token>"}}}},
		Security: openapi3.SecurityRequirements{{"bearer": []string{}}},
	}
	for _, r := range errorResponses {
		doc.Components.Responses[r.name] = &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription(r.desc).
			WithContent(openapi3.Content{"application/problem+json": openapi3.NewMediaType().WithSchemaRef(problemRef)})}
	}
	// Answers first: a type both read and written keeps its name for the
	// answer, and the body read gets the Input suffix.
	answers := make([]*openapi3.SchemaRef, len(ops))
	for i, o := range ops {
		if o.Answer != nil {
			answers[i] = g.schemaOf(o.Answer, false)
		}
	}
	tags := map[string]bool{}
	for i, o := range ops {
		op, err := buildOperation(g, o, answers[i])
		if err != nil {
			return nil, err
		}
		tags[op.Tags[0]] = true
		path := openAPIPath(o.Path)
		item := doc.Paths.Value(path)
		if item == nil {
			item = &openapi3.PathItem{}
			doc.Paths.Set(path, item)
		}
		if item.GetOperation(o.Method) != nil {
			return nil, fmt.Errorf("openapi: two rows for %s %s", o.Method, o.Path)
		}
		item.SetOperation(o.Method, op)
	}
	if g.err != nil {
		return nil, g.err
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for t := range tags {
			if !yield(t) {
				return
			}
		}
	}) {
		doc.Tags = append(doc.Tags, &openapi3.Tag{Name: name})
	}
	return doc, nil
}

func buildOperation(g *schemaGen, o operation, answer *openapi3.SchemaRef) (*openapi3.Operation, error) {
	if o.Summary == "" || o.Priv == "" {
		return nil, fmt.Errorf("openapi: %s %s needs a summary and a privilege", o.Method, o.Path)
	}
	op := &openapi3.Operation{Tags: []string{tagOf(o.Path)}, Summary: o.Summary, Description: o.Description,
		OperationID: operationID(o.Method, o.Path), Responses: openapi3.NewResponses(),
		Extensions: map[string]any{"x-privilege": o.Priv}}
	if o.Priv == PrivPublic {
		op.Security = &openapi3.SecurityRequirements{}
	} else {
		op.Security = &openapi3.SecurityRequirements{{"bearer": []string{}}}
	}
	for _, name := range pathParamNames(o.Path) {
		p, err := pathParam(o.Path, name)
		if err != nil {
			return nil, err
		}
		op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Value: p})
	}
	for _, q := range o.Query {
		op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Value: q})
	}
	if o.Method == http.MethodPost && strings.HasPrefix(o.Path, "/api/v1/") {
		op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Value: idempotencyParam})
	}
	if o.Body != nil || len(o.BodyMedia) > 0 {
		content := openapi3.Content{}
		if o.Body != nil {
			content["application/json"] = openapi3.NewMediaType().WithSchemaRef(g.schemaOf(o.Body, true))
		}
		for _, m := range o.BodyMedia {
			content[m] = openapi3.NewMediaType().WithSchema(openapi3.NewStringSchema())
		}
		op.RequestBody = &openapi3.RequestBodyRef{Value: openapi3.NewRequestBody().WithRequired(!o.OptionalBody).WithContent(content)}
	}
	status := o.Status
	if status == 0 {
		status = http.StatusOK
	}
	ok := openapi3.NewResponse().WithDescription(http.StatusText(status))
	switch {
	case answer != nil:
		ok.WithContent(openapi3.NewContentWithJSONSchemaRef(answer))
	case len(o.AnswerMedia) > 0:
		ok.Content = openapi3.Content{}
		for _, m := range o.AnswerMedia {
			ok.Content[m] = openapi3.NewMediaType() // a file or a page: no JSON schema
		}
	}
	if status == http.StatusAccepted {
		ok.Headers = openapi3.Headers{"Location": &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{
			Description: "Where to follow the batch process", Schema: openapi3.NewStringSchema().NewRef()}}}}
	}
	op.Responses.Set(fmt.Sprint(status), &openapi3.ResponseRef{Value: ok})
	for _, s := range errorStatuses(o) {
		r, known := errorResponses[s]
		if !known {
			return nil, fmt.Errorf("openapi: %s %s fails with %d, which has no problem response", o.Method, o.Path, s)
		}
		op.Responses.Set(fmt.Sprint(s), &openapi3.ResponseRef{Ref: "#/components/responses/" + r.name})
	}
	return op, nil
}

// idempotencyParam is the header every POST under /api/v1 takes.
var idempotencyParam = &openapi3.Parameter{Name: idempotencyHeader, In: openapi3.ParameterInHeader,
	Description: "Makes the POST safe to retry: a repeat with the same key and request within 24 hours gets the first answer " +
		"(Idempotent-Replayed: true) and does nothing; the same key with another request answers 422, and 409 while the first is still answered.",
	Schema: openapi3.NewStringSchema().WithMinLength(1).WithMaxLength(255).NewRef()}

// openAPIPath writes a gin route pattern as an OpenAPI path.
func openAPIPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if name, ok := strings.CutPrefix(s, ":"); ok {
			segs[i] = "{" + name + "}"
		}
	}
	return strings.Join(segs, "/")
}

// pathParamNames lists a route's :params in order.
func pathParamNames(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if name, ok := strings.CutPrefix(s, ":"); ok {
			out = append(out, name)
		}
	}
	return out
}

// tagOf groups an operation by the first segment of its path under /api/v1.
func tagOf(p string) string {
	rest, ok := strings.CutPrefix(p, "/api/v1/")
	if !ok {
		return "service"
	}
	first, _, _ := strings.Cut(rest, "/")
	switch first {
	case "me", "users", "tokens":
		return "users"
	case "openapi.json":
		return "service"
	}
	return first
}

// operationID names an operation after its method and path:
// GET /api/v1/campaigns/:id/team is getCampaignsByIdTeam.
func operationID(method, p string) string {
	out := strings.ToLower(method)
	for _, s := range strings.Split(strings.TrimPrefix(p, "/api/v1"), "/") {
		by := strings.HasPrefix(s, ":")
		s = strings.TrimPrefix(s, ":")
		if by {
			out += "By"
		}
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '.' || r == '_' }) {
			out += capitalize(w)
		}
	}
	return out
}

const apiDescription = `Drumbeat's JSON API: campaigns and their participants, drips, leads, contacts, documents, batch processes, users and deliverability.

Authentication: Authorization: Bearer <token> (a user's API token). Each operation names the privilege it needs in x-privilege:
"public" (no token), "signed-in" (any user), or a privilege the user must hold (administrators hold every one).

Errors are application/problem+json (RFC 9457, the Problem schema): 400 for a body that is not JSON at all, 422 for wrong
types or values with one entry per field in errors, 404 for an unknown id (or a record the user may not see), 409 for a
refused transition or conflict. Every POST under /api/v1 accepts an Idempotency-Key header.`
