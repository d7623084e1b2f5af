package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/errcodec"
)

// ProblemTypeBase prefixes every problem type URI.
const ProblemTypeBase = "urn:drumbeat:problem:"

// Problem is an RFC 9457 problem details document.
type Problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail,omitempty"`
	Instance  string              `json:"instance,omitempty"`
	RequestID string              `json:"request_id,omitempty"`
	Errors    []domain.FieldError `json:"errors,omitempty"`
}

// problem writes a problem+json answer and aborts the request.
func problem(c *gin.Context, status int, slug, title, detail string, fields ...domain.FieldError) {
	p := Problem{Type: ProblemTypeBase + slug, Title: title, Status: status, Detail: detail,
		Instance: c.Request.URL.Path, RequestID: c.GetString(ctxRequestID), Errors: fields}
	c.Header("Content-Type", "application/problem+json")
	c.AbortWithStatusJSON(status, p)
}

// fail maps an error from the domain, the store or Temporal to a problem.
func fail(c *gin.Context, err error) {
	err = errcodec.Decode(err) // a refusal that crossed Temporal is a domain error again
	var te *domain.TransitionError
	var ve *domain.ValidationError
	var ce *domain.ConflictError
	var fe *domain.ForbiddenError
	switch {
	case errors.As(err, &te):
		problem(c, http.StatusConflict, "transition-refused", "Transition refused", te.Error())
	case errors.As(err, &ve):
		problem(c, http.StatusUnprocessableEntity, "validation", "Invalid input", ve.Error(), ve.Fields...)
	case errors.As(err, &ce):
		problem(c, http.StatusConflict, "conflict", "Conflict", ce.Reason)
	case errors.As(err, &fe):
		problem(c, http.StatusForbidden, "forbidden", "Missing privilege", fe.Reason)
	case errors.Is(err, domain.ErrNotFound):
		problem(c, http.StatusNotFound, "not-found", "Not found", "the requested record does not exist")
	default:
		logger(c).Error("request failed", "error", err)
		problem(c, http.StatusInternalServerError, "internal", "Internal error",
			"the request could not be completed; it is safe to retry")
	}
}

// invalid answers 422 with the given field errors.
func invalid(c *gin.Context, fields ...domain.FieldError) {
	fail(c, &domain.ValidationError{Fields: fields})
}

// reply answers with v, or with the problem err describes.
func reply[T any](c *gin.Context, status int, v T, err error) {
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(status, v)
}
