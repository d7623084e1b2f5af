// Package api is Drumbeat's HTTP API: a Gin router under /api/v1 with bearer
// token auth, problem+json errors and request-scoped slog logging.
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/api/authlimit"
	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/metrics"
	"github.com/drumbeat-crm/drumbeat/store"
)

// Config is what the API needs.
type Config struct {
	Store     *store.Store
	Temporal  client.Client
	TaskQueue string
	Log       *slog.Logger
	// MaxBody caps request bodies in bytes (0: 1 MiB).
	MaxBody int64
	// MaxParticipants caps a campaign's participants (0: 100000).
	MaxParticipants int
	// AuthFailuresPerMinute is how many failed authentications one client
	// address may make in a burst, and per minute after that (0: 20).
	AuthFailuresPerMinute int
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For names the client (none: the connection's address).
	TrustedProxies []string
	// Metrics, when set, counts and times every request and is served at
	// GET /metrics.
	Metrics *metrics.API
	// Pages is a user interface served by the same engine outside /api/
	// (package web); nil serves the API alone.
	Pages Pages
	// Unsubscribe checks the tokens of unsubscribe links (UNSUBSCRIBE_SECRET);
	// without a secret every link answers 404.
	Unsubscribe domain.Unsubscribe
}

// Pages is a second front end on the API's engine: the web pages. It calls
// the same store and domain operations as the JSON handlers.
type Pages interface {
	// Mount adds its routes; failures is the API's limiter of failed
	// authentications, which its sign-in shares.
	Mount(r *gin.Engine, failures *authlimit.Limiter)
	// NotFound answers a request outside /api/ that no route matched.
	NotFound(c *gin.Context)
}

type server struct {
	app       *app.Service
	store     *store.Store
	temporal  client.Client
	taskQueue string
	maxParts  int
	authLimit *authlimit.Limiter
	// unsubscribe checks the tokens of /u/{token}.
	unsubscribe domain.Unsubscribe
}

// NewRouter builds the HTTP handler.
func NewRouter(cfg Config) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.MaxBody == 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.MaxParticipants == 0 {
		cfg.MaxParticipants = 100000
	}
	if cfg.AuthFailuresPerMinute == 0 {
		cfg.AuthFailuresPerMinute = 20
	}
	s := &server{app: app.New(app.Config{Store: cfg.Store, Temporal: cfg.Temporal, TaskQueue: cfg.TaskQueue,
		Log: cfg.Log, MaxParticipants: cfg.MaxParticipants}), store: cfg.Store, temporal: cfg.Temporal, taskQueue: cfg.TaskQueue, maxParts: cfg.MaxParticipants,
		authLimit: authlimit.New(cfg.AuthFailuresPerMinute, time.Now), unsubscribe: cfg.Unsubscribe}
	r := gin.New()
	if err := r.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		// The configuration checked them already; trusting nobody is the safe side.
		cfg.Log.Error("trusted proxies ignored", "error", err)
		_ = r.SetTrustedProxies(nil)
	}
	r.HandleMethodNotAllowed = true
	metricsRoutes(r, cfg)
	r.Use(requestID(cfg.Log), recoverer(), limitBody(cfg.MaxBody), checkQuery)
	r.NoRoute(func(c *gin.Context) {
		if cfg.Pages != nil && !strings.HasPrefix(c.Request.URL.Path, "/api/") {
			cfg.Pages.NotFound(c)
			return
		}
		problem(c, http.StatusNotFound, "not-found", "Not found", "no such endpoint")
	})
	r.NoMethod(func(c *gin.Context) {
		problem(c, http.StatusMethodNotAllowed, "method-not-allowed", "Method not allowed", "this endpoint does not accept "+c.Request.Method)
	})
	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", s.ready)
	s.unsubscribeRoutes(r)
	r.GET(OpenAPIPath, serveOpenAPI) // outside the group: no token

	// campaignAccess guards every route under /api/v1/campaigns (privilege,
	// visibility, read-only when deleted), however it is registered.
	v1 := r.Group("/api/v1", s.authenticate, s.campaignAccess, s.idempotent)
	v1.GET("/me", func(c *gin.Context) { c.JSON(http.StatusOK, currentUser(c)) })
	s.campaignRoutes(v1.Group("/campaigns"))
	s.batchRoutes(v1.Group("/batch-processes"))
	s.documentRoutes(v1)
	s.templateRoutes(v1.Group("/workflow-templates", require(domain.PrivCampaigns)))
	s.opportunityRoutes(v1.Group("/opportunities", require(domain.PrivCampaigns)))
	s.contactRoutes(v1.Group("/contacts"))
	s.dripCampaignRoutes(v1.Group("/drip-campaigns"))
	s.leadRoutes(v1)
	s.activityRoutes(v1)
	s.customerRoutes(v1)
	s.userRoutes(v1)
	s.suppressionRoutes(v1)
	s.previewRoutes(v1)
	if cfg.Pages != nil {
		cfg.Pages.Mount(r, s.authLimit)
	}
	return r
}

// ready checks PostgreSQL and Temporal.
func (s *server) ready(c *gin.Context) {
	if err := s.store.Ping(c); err != nil {
		problem(c, http.StatusServiceUnavailable, "not-ready", "Not ready", "PostgreSQL does not answer: "+err.Error())
		return
	}
	if _, err := s.temporal.CheckHealth(c, &client.CheckHealthRequest{}); err != nil {
		problem(c, http.StatusServiceUnavailable, "not-ready", "Not ready", "Temporal does not answer: "+err.Error())
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready", "postgres": "ok", "temporal": "ok"})
}

// bind decodes a JSON body strictly into v; it answers the problem itself
// and returns false when the body is unusable: 413 past the endpoint's
// limit, 400 when the body is not JSON at all (malformed syntax, RFC 9110),
// and 422 when it is JSON of the wrong shape (no body, an unknown field, a
// wrong type) or a string in it holds a NUL character, which no text column
// can store. It is the one reader of every JSON body, so that check is made
// here for every field of every endpoint.
func bind(c *gin.Context, v any) bool {
	raw, err := io.ReadAll(c.Request.Body)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		problem(c, http.StatusRequestEntityTooLarge, "too-large", "Request body too large", "the body exceeds the limit of this endpoint")
		return false
	case err != nil:
		problem(c, http.StatusBadRequest, "malformed", "Malformed request", "the body could not be read: "+err.Error())
		return false
	case len(bytes.TrimSpace(raw)) == 0:
		invalid(c, domain.FieldError{Field: "body", Message: "a JSON body is required"})
		return false
	}
	doc, err := parseJSON(raw)
	if err != nil {
		msg := "is not valid JSON: " + err.Error()
		problem(c, http.StatusBadRequest, "malformed", "Malformed request body", "the body "+msg,
			domain.FieldError{Field: "body", Message: msg})
		return false
	}
	var text domain.Validator
	checkStrings(&text, "", doc)
	if err := text.Err(); err != nil {
		fail(c, err)
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return true
	case errors.As(err, &typeErr):
		invalid(c, domain.FieldError{Field: typeErr.Field, Message: "must be of type " + typeErr.Type.String()})
	default:
		invalid(c, domain.FieldError{Field: "body", Message: err.Error()})
	}
	return false
}

// parseJSON reads one JSON document with nothing after it, numbers kept as
// written (so that a number too large for any Go type is still syntax, not
// a type error); any error is malformed syntax.
func parseJSON(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(raw[dec.InputOffset():])) > 0 {
		return nil, errors.New("unexpected data after the JSON document")
	}
	return doc, nil
}

// maxTextErrors bounds the field errors one body's strings report.
const maxTextErrors = 20

// checkStrings records, with its field path, every key and string of a
// parsed JSON document that no text column can store.
func checkStrings(v *domain.Validator, path string, doc any) {
	if v.Len() >= maxTextErrors {
		return
	}
	switch d := doc.(type) {
	case string:
		v.Text(orBody(path), d)
	case []any:
		for i, item := range d {
			checkStrings(v, fmt.Sprintf("%s[%d]", path, i), item)
		}
	case map[string]any:
		keys := make([]string, 0, len(d))
		for k := range d {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			field := k
			if path != "" {
				field = path + "." + k
			}
			v.Text(field, k)
			checkStrings(v, field, d[k])
		}
	}
}

func orBody(path string) string {
	if path == "" {
		return "body"
	}
	return path
}

// checkedInput is a request body that cleans itself up and checks itself.
type checkedInput[T any] interface {
	*T
	Normalize()
	Validate() error
}

// bindValid decodes a body strictly, normalizes and validates it; it answers
// the problem itself and returns false when the body is unusable.
func bindValid[T any, P checkedInput[T]](c *gin.Context) (T, bool) {
	var in T
	if !bind(c, &in) {
		return in, false
	}
	P(&in).Normalize()
	if err := P(&in).Validate(); err != nil {
		fail(c, err)
		return in, false
	}
	return in, true
}

// detached returns a context for work that must finish even if the client
// goes away (a Temporal update that already started).
func detached(c *gin.Context) context.Context { return context.WithoutCancel(c.Request.Context()) }
