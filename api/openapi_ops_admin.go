package api

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// systemOps: health, readiness, metrics, the signed-in user, this document
// and the unsubscribe links of marketing email.
func systemOps() []operation {
	return []operation{
		{Method: "GET", Path: "/healthz", Priv: PrivPublic, Summary: "The process is alive", Answer: healthDoc{}},
		{Method: "GET", Path: "/readyz", Priv: PrivPublic, Summary: "PostgreSQL and Temporal answer", Answer: readyDoc{}, Fails: []int{503}},
		{Method: "GET", Path: "/metrics", Priv: PrivPublic, Summary: "Prometheus metrics (request count and duration by route and status)",
			Description: "Served only when the API runs with metrics (404 otherwise).", AnswerMedia: []string{"text/plain"}, Fails: []int{404}},
		{Method: "GET", Path: OpenAPIPath, Priv: PrivPublic, Summary: "This document (OpenAPI 3.1)", AnswerMedia: []string{"application/json"}},
		{Method: "GET", Path: "/api/v1/me", Priv: PrivSignedIn, Summary: "The signed-in user", Answer: domain.User{}},
		{Method: "GET", Path: "/u/:token", Priv: PrivPublic, Summary: "The confirmation page of an unsubscribe link",
			Description: "Only shows a page (mail scanners open links); a link not signed here answers 404.", AnswerMedia: []string{"text/html"}},
		{Method: "POST", Path: "/u/:token", Priv: PrivPublic, Summary: "Unsubscribe at once (RFC 8058 one-click, or the page's button)",
			Description: "The body is the form List-Unsubscribe=One-Click; the signed link is the only credential.",
			BodyMedia:   []string{"application/x-www-form-urlencoded", "multipart/form-data"}, AnswerMedia: []string{"text/html"}},
	}
}

// userOps: users and their API tokens.
func userOps() []operation {
	const admin = domain.PrivAdmin
	const self = "Administrators manage every user's tokens; any user manages their own."
	return []operation{
		{Method: "POST", Path: "/api/v1/users", Priv: admin, Summary: "Create a user", Body: domain.UserInput{}, Status: 201, Answer: domain.User{}, Fails: []int{409}},
		{Method: "GET", Path: "/api/v1/users", Priv: admin, Summary: "List users, newest first", Query: defaultPage(), Answer: domain.Page[domain.User]{}},
		{Method: "GET", Path: "/api/v1/users/:id", Priv: admin, Summary: "Read a user", Answer: domain.User{}},
		{Method: "PATCH", Path: "/api/v1/users/:id", Priv: admin, Summary: "Rename, change privileges, deactivate or set the password of a user",
			Description: "The last active administrator cannot be deactivated or lose the privilege (409).", Body: domain.UserPatch{}, Answer: domain.User{}, Fails: []int{409}},
		{Method: "GET", Path: "/api/v1/users/:id/tokens", Priv: admin, Summary: "List a user's API tokens, newest first", Description: self,
			Query: defaultPage(), Answer: domain.Page[domain.Token]{}},
		{Method: "POST", Path: "/api/v1/users/:id/tokens", Priv: admin, Summary: "Issue an API token; its secret is shown only in this answer", Description: self,
			Body: domain.TokenInput{}, Status: 201, Answer: domain.IssuedToken{}},
		{Method: "DELETE", Path: "/api/v1/tokens/:token_id", Priv: admin, Summary: "Revoke an API token",
			Description: self + " An unknown token answers 403 to anyone but an administrator.", Status: 204},
	}
}

// deliverabilityOps: the suppression list and bounce reports.
func deliverabilityOps() []operation {
	const m = domain.PrivMarketing
	return []operation{
		{Method: "GET", Path: "/api/v1/suppressions", Priv: PrivSignedIn, Summary: "List suppressed addresses, newest first",
			Query: append(defaultPage(), qString("q", "Only addresses that contain this (any case)")), Answer: domain.Page[domain.Suppression]{}},
		{Method: "POST", Path: "/api/v1/suppressions", Priv: m, Summary: "Suppress an address (reason manual unless given)",
			Description: "An address listed already answers 409.", Body: domain.SuppressionInput{}, Status: 201, Answer: domain.Suppression{}},
		{Method: "DELETE", Path: "/api/v1/suppressions", Priv: m, Summary: "Take an address off the list",
			Query:  []*openapi3.Parameter{required(qString("address", "The address"))},
			Status: 204, Fails: []int{404}},
		{Method: "POST", Path: "/api/v1/suppressions/import", Priv: m, Summary: "Suppress every address of a CSV file",
			Description: "One bad line refuses the whole file (422 naming each), so nothing is half-imported.",
			BodyMedia:   []string{"text/csv"}, Answer: importedSuppressions{}},
		{Method: "GET", Path: "/api/v1/suppressions/export.csv", Priv: m, Summary: "Export the whole list as CSV, oldest first, in the columns the import reads",
			AnswerMedia: []string{"text/csv"}},
		{Method: "POST", Path: "/api/v1/bounces", Priv: domain.PrivAdmin, Summary: "Report a bounce or complaint",
			Description: "A JSON event (application/json), or a report as received (message/rfc822): a delivery status notification (RFC 3464), " +
				"whose failed recipients each become a bounce, or a feedback report (RFC 5965, ARF), whose complaint (Feedback-Type abuse, fraud, " +
				"virus or other) becomes one. A report received before is answered the same way, marked duplicate, and changes nothing.",
			Body: domain.EmailEventInput{}, BodyMedia: []string{"message/rfc822"}, Answer: bounceEvents{}, Fails: []int{415}},
	}
}

// required marks a query parameter the operation needs.
func required(p *openapi3.Parameter) *openapi3.Parameter {
	p.Required = true
	return p
}

// healthDoc is the answer of GET /healthz.
type healthDoc struct {
	Status string `json:"status"`
}

// readyDoc is the answer of GET /readyz.
type readyDoc struct {
	Status   string `json:"status"`
	Postgres string `json:"postgres"`
	Temporal string `json:"temporal"`
}

// importedSuppressions is the answer of POST /suppressions/import.
type importedSuppressions struct {
	Rows          int `json:"rows"`
	Added         int `json:"added"`
	AlreadyListed int `json:"already_listed"`
}

// bounceEvents is the answer of POST /bounces.
type bounceEvents struct {
	Events []domain.EmailEvent `json:"events"`
}
