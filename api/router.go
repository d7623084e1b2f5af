// Package api is Drumbeat's HTTP API: a Gin router under /api/v1 with bearer
// token auth, problem+json errors and request-scoped slog logging.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/api/authlimit"
	"github.com/drumbeat-crm/drumbeat/domain"
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
	// Pages is a user interface served by the same engine outside /api/
	// (package web); nil serves the API alone.
	Pages Pages
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
	store     *store.Store
	temporal  client.Client
	taskQueue string
	maxParts  int
	authLimit *authlimit.Limiter
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
	s := &server{store: cfg.Store, temporal: cfg.Temporal, taskQueue: cfg.TaskQueue, maxParts: cfg.MaxParticipants,
		authLimit: authlimit.New(cfg.AuthFailuresPerMinute, time.Now)}
	r := gin.New()
	if err := r.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		// The configuration checked them already; trusting nobody is the safe side.
		cfg.Log.Error("trusted proxies ignored", "error", err)
		_ = r.SetTrustedProxies(nil)
	}
	r.HandleMethodNotAllowed = true
	r.Use(requestID(cfg.Log), recoverer(), limitBody(cfg.MaxBody))
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

	v1 := r.Group("/api/v1", s.authenticate)
	v1.GET("/me", func(c *gin.Context) { c.JSON(http.StatusOK, currentUser(c)) })
	s.campaignRoutes(v1.Group("/campaigns", require(domain.PrivCampaigns)))
	s.batchRoutes(v1.Group("/batch-processes"))
	s.documentRoutes(v1)
	s.templateRoutes(v1.Group("/workflow-templates", require(domain.PrivCampaigns)))
	s.opportunityRoutes(v1.Group("/opportunities", require(domain.PrivCampaigns)))
	s.contactRoutes(v1.Group("/contacts"))
	s.dripCampaignRoutes(v1.Group("/drip-campaigns"))
	s.leadRoutes(v1)
	s.participantRoutes(v1.Group("/campaigns/:id", require(domain.PrivCampaigns)))
	s.activityRoutes(v1)
	s.customerRoutes(v1)
	s.userRoutes(v1)
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

// bind decodes a JSON body strictly into v, answering 413 or 422 itself and
// returning false when the body is unusable.
func bind(c *gin.Context, v any) bool {
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("unexpected data after the JSON document")
	}
	var tooLarge *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return true
	case errors.As(err, &tooLarge):
		problem(c, http.StatusRequestEntityTooLarge, "too-large", "Request body too large", "the body exceeds the limit of this endpoint")
	case errors.Is(err, io.EOF):
		invalid(c, domain.FieldError{Field: "body", Message: "a JSON body is required"})
	case errors.As(err, &typeErr):
		invalid(c, domain.FieldError{Field: typeErr.Field, Message: "must be of type " + typeErr.Type.String()})
	default:
		invalid(c, domain.FieldError{Field: "body", Message: "is not valid JSON: " + err.Error()})
	}
	return false
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
