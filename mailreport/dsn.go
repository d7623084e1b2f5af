// Package mailreport reads the reports mail systems send back about the
// messages Drumbeat sent: RFC 3464 delivery status notifications (bounces)
// and RFC 5965 feedback reports (complaints, arf.go), parsed with
// go-message. It does no I/O beyond reading the report given.
package mailreport

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// ErrMalformed says the report is not a MIME message at all.
var ErrMalformed = errors.New("not a MIME message")

// ErrNotReport says the message is neither a delivery status notification
// nor a feedback report (no message/delivery-status or
// message/feedback-report part).
var ErrNotReport = errors.New("not a delivery status notification or a feedback report: " +
	"no message/delivery-status or message/feedback-report part")

// Kinds of report, as Parse names them.
const (
	KindDSN = "dsn"
	KindARF = "arf"
)

// maxHeaderBytes bounds one header block of a report.
const maxHeaderBytes = 64 << 10

// report is what a DSN says, gathered while its parts are walked.
type report struct {
	found      bool
	perMessage textproto.Header
	recipients []textproto.Header
	// messageID and to are the Message-ID and To of the original message,
	// from the returned message or its headers.
	messageID, to string
	// arf is set by a message/feedback-report part, and feedback holds its
	// fields (arf.go).
	arf      bool
	feedback textproto.Header
}

// Parse reads a report as it was received (an RFC 5322 message, usually
// multipart/report) and returns its events with its kind: KindDSN for a
// delivery status notification (see dsnEvents), KindARF for a feedback
// report (see arfEvents).
func Parse(r io.Reader) ([]domain.EmailEventInput, string, error) {
	e, err := message.Read(r)
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return nil, "", fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	var rep report
	err = e.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
			return err
		}
		return rep.read(part)
	})
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	switch {
	case rep.found:
		return rep.dsnEvents(e.Header), KindDSN, nil
	case rep.arf:
		return rep.arfEvents(e.Header), KindARF, nil
	}
	return nil, "", ErrNotReport
}

// dsnEvents returns one event per recipient whose delivery failed: a hard
// bounce for a permanent failure (status 5.x.x), a soft bounce for a
// transient one (4.x.x). Recipients delayed, delivered, relayed or expanded
// are not bounces and are left out. Each event names the original message
// by the Message-ID of the returned message or its headers, else the
// Original-Message-ID field, else the report's In-Reply-To or References.
func (rep *report) dsnEvents(outer message.Header) []domain.EmailEventInput {
	id := firstID(rep.messageID, rep.perMessage.Get("Original-Message-Id"), outer.Get("In-Reply-To"), outer.Get("References"))
	when := firstDate(rep.perMessage.Get("Arrival-Date"), outer.Get("Date"))
	var out []domain.EmailEventInput
	for _, rcpt := range rep.recipients {
		if !strings.EqualFold(strings.TrimSpace(rcpt.Get("Action")), "failed") {
			continue
		}
		status := strings.TrimSpace(rcpt.Get("Status"))
		ev := domain.EmailEventInput{Type: domain.EventHardBounce, MessageID: id,
			Address:    addressField(rcpt.Get("Final-Recipient"), rcpt.Get("Original-Recipient")),
			Diagnostic: strings.TrimSpace(status + " " + strings.Join(strings.Fields(rcpt.Get("Diagnostic-Code")), " "))}
		if strings.HasPrefix(status, "4") {
			ev.Type = domain.EventSoftBounce
		}
		if t := firstDate(rcpt.Get("Last-Attempt-Date")); t != nil {
			ev.OccurredAt = t
		} else {
			ev.OccurredAt = when
		}
		ev.Normalize()
		out = append(out, ev)
	}
	return out
}

// read takes what one part of the report holds: the delivery status, the
// feedback report, or the returned message (or its headers).
func (rep *report) read(part *message.Entity) error {
	t, _, _ := part.Header.ContentType()
	switch strings.ToLower(t) {
	case "message/delivery-status", "message/global-delivery-status":
		rep.found = true
		return rep.readStatus(part.Body)
	case "message/feedback-report":
		return rep.readFeedback(part.Body)
	case "message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers":
		h, err := textproto.ReadHeader(bufio.NewReader(io.LimitReader(part.Body, maxHeaderBytes)))
		if err == nil && rep.messageID == "" {
			rep.messageID, rep.to = h.Get("Message-Id"), h.Get("To")
		}
	}
	return nil
}

// readStatus reads the per-message fields and then each recipient's block
// (RFC 3464 section 2.1: header-like blocks separated by blank lines).
func (rep *report) readStatus(body io.Reader) error {
	br := bufio.NewReader(io.LimitReader(body, 16*maxHeaderBytes))
	first := true
	for {
		if err := skipBlankLines(br); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		h, err := textproto.ReadHeader(br)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return err
		}
		if first {
			rep.perMessage, first = h, false
		} else if h.Has("Final-Recipient") || h.Has("Original-Recipient") {
			rep.recipients = append(rep.recipients, h)
		}
		if err != nil {
			return nil
		}
	}
}

// skipBlankLines consumes empty lines; io.EOF when nothing is left.
func skipBlankLines(br *bufio.Reader) error {
	for {
		b, err := br.Peek(1)
		if err != nil {
			return err
		}
		if b[0] != '\r' && b[0] != '\n' {
			return nil
		}
		if _, err := br.ReadByte(); err != nil {
			return err
		}
	}
}

// addressField reads "rfc822; user@example.com" (the address type first),
// from the first field that is set.
func addressField(fields ...string) string {
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if _, addr, ok := strings.Cut(f, ";"); ok {
			f = addr
		}
		return strings.Trim(strings.TrimSpace(f), "<>")
	}
	return ""
}

// firstID is the first Message-ID among the values (a References field
// lists several: the first one is taken), without angle brackets.
func firstID(values ...string) string {
	for _, v := range values {
		if f := strings.Fields(v); len(f) > 0 {
			return strings.Trim(f[0], "<>")
		}
	}
	return ""
}

// firstDate is the first of the values that is an RFC 5322 date.
func firstDate(values ...string) *time.Time {
	for _, v := range values {
		if t, err := mail.ParseDate(strings.TrimSpace(v)); err == nil {
			t = t.UTC()
			return &t
		}
	}
	return nil
}
