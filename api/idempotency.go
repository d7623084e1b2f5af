package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// idempotencyHeader names the key a client sends to make a POST safe to
// retry (a timeout, a dropped connection): every POST under /api/v1 takes
// it, the ones that create a batch, send, start or import above all.
const idempotencyHeader = "Idempotency-Key"

// maxKeptAnswer bounds the answer body kept for a key; the answers of the
// POSTs (a record, a batch) are far smaller.
const maxKeptAnswer = 1 << 20

// idempotent answers a POST that carries an Idempotency-Key once: the first
// request runs and its answer is kept for 24 hours under the user's key; a
// repeat with the same key and the same request (method, route, path, query
// and body) gets that answer again (Idempotent-Replayed: true) and does
// nothing. The same key with another request is 422; a repeat while the
// first still runs is 409. A first request that failed on our side (5xx)
// keeps nothing, so the client's retry runs it.
func (s *server) idempotent(c *gin.Context) {
	key := c.GetHeader(idempotencyHeader)
	if c.Request.Method != http.MethodPost || key == "" {
		c.Next()
		return
	}
	if problem := keyProblem(key); problem != "" {
		invalid(c, domain.FieldError{Field: idempotencyHeader, Message: problem})
		return
	}
	body, err := io.ReadAll(c.Request.Body)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		problem(c, http.StatusRequestEntityTooLarge, "too-large", "Request body too large", "the body exceeds the limit of this endpoint")
		return
	}
	if err != nil {
		problem(c, http.StatusBadRequest, "malformed", "Malformed request", "the body could not be read")
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	hash := requestHash(c, body)
	user := currentUser(c).ID
	claimed, prev, err := s.store.ClaimIdempotencyKey(c, user, key, hash)
	if err != nil {
		fail(c, err)
		return
	}
	if !claimed {
		replay(c, prev, hash)
		return
	}
	rec := &recorder{ResponseWriter: c.Writer}
	c.Writer = rec
	c.Next()
	ctx := context.WithoutCancel(c.Request.Context())
	status := rec.Status()
	if status >= http.StatusInternalServerError || rec.buf.Len() > maxKeptAnswer {
		err = s.store.ReleaseIdempotencyKey(ctx, user, key)
	} else {
		err = s.store.KeepIdempotentAnswer(ctx, user, key, store.IdempotentAnswer{Status: status,
			ContentType: rec.Header().Get("Content-Type"), Location: rec.Header().Get("Location"), Body: rec.buf.Bytes()})
	}
	if err != nil {
		logger(c).Error("idempotency key not recorded", "key", key, "error", err)
	}
}

// replay answers a repeat of a key: the kept answer, or why there is none.
func replay(c *gin.Context, prev store.IdempotentAnswer, hash []byte) {
	switch {
	case !bytes.Equal(prev.RequestHash, hash):
		invalid(c, domain.FieldError{Field: idempotencyHeader,
			Message: "was used for another request in the last 24 hours; use a new key for a new request"})
	case !prev.Done:
		c.Header("Retry-After", "1")
		fail(c, &domain.ConflictError{Reason: "a request with this Idempotency-Key is still being answered; retry in a moment"})
	default:
		if prev.Location != "" {
			c.Header("Location", prev.Location)
		}
		c.Header("Idempotent-Replayed", "true")
		c.Data(prev.Status, prev.ContentType, prev.Body)
		c.Abort()
	}
}

// keyProblem says what is wrong with a key: it is 1 to 255 printable
// characters, without spaces.
func keyProblem(key string) string {
	if len(key) > 255 {
		return "must be at most 255 characters"
	}
	for _, r := range key {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return "must be printable characters without spaces"
		}
	}
	return ""
}

// requestHash identifies a request: its method, route, path, query and body.
func requestHash(c *gin.Context, body []byte) []byte {
	h := sha256.New()
	for _, part := range []string{c.Request.Method, c.FullPath(), c.Request.URL.Path, c.Request.URL.RawQuery} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	h.Write(body)
	return h.Sum(nil)
}

// recorder keeps a copy of what a handler writes.
type recorder struct {
	gin.ResponseWriter
	buf bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.buf.Write(b)
	return r.ResponseWriter.Write(b)
}

func (r *recorder) WriteString(s string) (int, error) {
	r.buf.WriteString(s)
	return r.ResponseWriter.WriteString(s)
}
