package api

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/api/authlimit"
	"github.com/drumbeat-crm/drumbeat/domain"
)

const (
	ctxRequestID = "request_id"
	ctxUser      = "user"
	ctxLogger    = "logger"
)

// requestID gives every request an id (X-Request-Id, echoed back) and a logger carrying it.
func requestID(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-Id")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Set(ctxRequestID, id)
		c.Header("X-Request-Id", id)
		c.Set(ctxLogger, log.With("request_id", id))
		start := time.Now()
		c.Next()
		logger(c).Info("request", "method", c.Request.Method, "path", c.FullPath(),
			"status", c.Writer.Status(), "duration_ms", time.Since(start).Milliseconds())
	}
}

func logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(ctxLogger); ok {
		return l.(*slog.Logger)
	}
	return slog.Default()
}

// recoverer turns a panic into a 500 problem and logs it.
func recoverer() gin.HandlerFunc {
	return gin.CustomRecoveryWithWriter(nil, func(c *gin.Context, err any) {
		logger(c).Error("panic", "error", err)
		problem(c, http.StatusInternalServerError, "internal", "Internal error", "the request could not be completed")
	})
}

// largeBodies are the endpoints that take more than the default body limit:
// a batch email carries images of up to 2 MB and attachments, a document its
// file (base64 in JSON), a folder its logo, an import a whole CSV file, a
// bounce report the message it returns.
var largeBodies = map[string]int64{
	"/api/v1/leads/email":           24 << 20,
	"/api/v1/lead-imports":          32 << 20,
	"/api/v1/folders/:id/documents": 8 << 20,
	"/api/v1/folders":               2 << 20,
	// A delivery status notification may return the whole message.
	"/api/v1/bounces": 8 << 20,
	// A list of up to 100,000 addresses.
	"/api/v1/suppressions/import": 16 << 20,
	// The web pages' batch email (with its attachments) and import upload.
	"/leads/email":   24 << 20,
	"/leads/imports": 32 << 20,
}

// limitBody caps request bodies (max, or the route's own limit from
// largeBodies); a larger body is answered with 413 when read.
func limitBody(max int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		limit := max
		if l, ok := largeBodies[c.FullPath()]; ok && l > limit {
			limit = l
		}
		if c.Request.ContentLength > limit {
			problem(c, http.StatusRequestEntityTooLarge, "too-large", "Request body too large",
				fmt.Sprintf("the body exceeds the limit of this endpoint (%d bytes)", limit))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		c.Next()
	}
}

// authenticate resolves the bearer token to a user, or answers 401. An
// address that failed too often lately is answered 429 (see authlimit.Limiter).
func (s *server) authenticate(c *gin.Context) {
	key := authlimit.Key(c.ClientIP())
	if ok, wait := s.authLimit.Take(key); !ok {
		secs := max(1, int(math.Ceil(wait.Seconds())))
		c.Header("Retry-After", strconv.Itoa(secs))
		problem(c, http.StatusTooManyRequests, "too-many-failed-authentications", "Too many failed authentications",
			fmt.Sprintf("this address failed to authenticate too often; retry in %d seconds", secs))
		return
	}
	token, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	token = strings.TrimSpace(token)
	if !ok || token == "" {
		c.Header("WWW-Authenticate", `Bearer realm="drumbeat"`)
		problem(c, http.StatusUnauthorized, "unauthorized", "Authentication required", "send an Authorization: Bearer <token> header")
		return
	}
	u, err := s.store.UserByToken(c, token)
	if errors.Is(err, domain.ErrNotFound) {
		c.Header("WWW-Authenticate", `Bearer realm="drumbeat", error="invalid_token"`)
		problem(c, http.StatusUnauthorized, "unauthorized", "Authentication required", "the bearer token is not known, expired or revoked")
		return
	}
	s.authLimit.GiveBack(key) // not a failed authentication, whatever happens next
	if err != nil {
		fail(c, err)
		return
	}
	c.Set(ctxUser, u)
	c.Next()
}

// require answers 403 unless the user holds the privilege.
func require(privilege string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !currentUser(c).Has(privilege) {
			forbidden(c, privilege)
			return
		}
		c.Next()
	}
}

// forbidden answers 403 for a missing privilege.
func forbidden(c *gin.Context, privilege string) {
	problem(c, http.StatusForbidden, "forbidden", "Missing privilege", "this action needs the privilege "+privilege)
}

func currentUser(c *gin.Context) domain.User {
	u, _ := c.Get(ctxUser)
	user, _ := u.(domain.User)
	return user
}
