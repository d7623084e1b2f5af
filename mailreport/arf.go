package mailreport

import (
	"bufio"
	"errors"
	"io"
	"net/mail"
	"strings"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// complaintTypes are the Feedback-Type values (RFC 5965 and RFC 6650) that
// say the recipient did not want the message. "not-spam" says the opposite
// and "auth-failure" (RFC 6591) is about the sender's domain, not the
// recipient's wish: neither is a complaint.
var complaintTypes = map[string]bool{"abuse": true, "fraud": true, "virus": true, "other": true}

// readFeedback reads the fields of a message/feedback-report part.
func (rep *report) readFeedback(body io.Reader) error {
	h, err := textproto.ReadHeader(bufio.NewReader(io.LimitReader(body, maxHeaderBytes)))
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return err
	}
	rep.arf, rep.feedback = true, h
	return nil
}

// arfEvents returns the complaint a feedback report makes, one event per
// complaining recipient, about the message its returned copy (or the
// report's Original-Message-ID, In-Reply-To or References) names. The
// recipient is the report's Original-Rcpt-To. Mailbox providers often leave
// it out or redact the returned copy's To, so without Original-Rcpt-To the
// event names only the message when it has a Message-ID (the store then
// takes the address it was sent to from its outbox row); the returned To is
// read only when there is no Message-ID at all. A report whose type is no
// complaint ("not-spam", "auth-failure") gives no event.
func (rep *report) arfEvents(outer message.Header) []domain.EmailEventInput {
	kind := strings.ToLower(strings.TrimSpace(rep.feedback.Get("Feedback-Type")))
	if !complaintTypes[kind] {
		return nil
	}
	id := firstID(rep.messageID, rep.feedback.Get("Original-Message-Id"), outer.Get("In-Reply-To"), outer.Get("References"))
	when := firstDate(rep.feedback.Get("Arrival-Date"), rep.feedback.Get("Received-Date"), outer.Get("Date"))
	diagnostic := "feedback report: " + kind
	if ua := strings.TrimSpace(rep.feedback.Get("User-Agent")); ua != "" {
		diagnostic += " (" + ua + ")"
	}
	var addrs []string
	for _, v := range rep.feedback.Values("Original-Rcpt-To") {
		if a := addressField(v); a != "" {
			addrs = append(addrs, a)
		}
	}
	if len(addrs) == 0 {
		addrs = []string{""}
		if id == "" {
			if a, err := mail.ParseAddress(rep.to); err == nil {
				addrs[0] = a.Address
			}
		}
	}
	out := make([]domain.EmailEventInput, 0, len(addrs))
	for _, a := range addrs {
		ev := domain.EmailEventInput{Type: domain.EventComplaint, MessageID: id, Address: a, Diagnostic: diagnostic, OccurredAt: when}
		ev.Normalize()
		out = append(out, ev)
	}
	return out
}
