package api

import (
	"errors"
	"mime"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/mailreport"
	"github.com/drumbeat-crm/drumbeat/store"
)

// postBounces takes one bounce or complaint report from the mail system: a
// JSON event (application/json, domain.EmailEventInput), or a report as it
// was received (message/rfc822): a delivery status notification (RFC 3464),
// whose failed recipients each become a bounce, or a feedback report (RFC
// 5965, ARF), whose complaint becomes one. It answers 200 with each event
// and what it led to; a report received before is answered the same way,
// marked duplicate, and changes nothing.
func (s *server) postBounces(c *gin.Context) {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	var inputs []domain.EmailEventInput
	source := "webhook"
	switch mt {
	case "application/json", "":
		in, ok := bindValid[domain.EmailEventInput](c)
		if !ok {
			return
		}
		if in.OccurredAt != nil && in.OccurredAt.After(time.Now().Add(time.Hour)) {
			invalid(c, domain.FieldError{Field: "occurred_at", Message: "must not be in the future"})
			return
		}
		inputs = []domain.EmailEventInput{in}
	case "message/rfc822":
		var ok bool
		if inputs, source, ok = readReport(c); !ok {
			return
		}
	default:
		problem(c, http.StatusUnsupportedMediaType, "unsupported-media-type", "Unsupported media type",
			"send a JSON event (application/json), or a delivery status notification or feedback report (message/rfc822)")
		return
	}
	events := make([]domain.EmailEvent, 0, len(inputs))
	at := time.Now()
	for _, in := range inputs {
		ev, err := s.store.RecordEmailEvent(c, store.EmailEventRecord{Input: in, Source: source, At: at})
		if err != nil {
			fail(c, err)
			return
		}
		events = append(events, ev)
	}
	c.JSON(http.StatusOK, gin.H{"events": events})
}

// readReport parses the body as a delivery status notification or a
// feedback report and checks the events it gives, with the report's kind
// (the events' source), answering the problem itself: 400 for a body that
// is no MIME message, 422 for a message that is no report or names a bad
// address.
func readReport(c *gin.Context) ([]domain.EmailEventInput, string, bool) {
	inputs, kind, err := mailreport.Parse(c.Request.Body)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		problem(c, http.StatusRequestEntityTooLarge, "too-large", "Request body too large", "the report exceeds the limit of this endpoint")
		return nil, "", false
	case errors.Is(err, mailreport.ErrNotReport):
		invalid(c, domain.FieldError{Field: "body", Message: err.Error()})
		return nil, "", false
	case err != nil:
		problem(c, http.StatusBadRequest, "malformed", "Malformed request", "the body is not a MIME message: "+err.Error())
		return nil, "", false
	}
	for _, in := range inputs {
		if err := in.Validate(); err != nil {
			fail(c, err)
			return nil, "", false
		}
	}
	return inputs, kind, true
}
