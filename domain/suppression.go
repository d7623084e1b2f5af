package domain

import (
	"strings"
	"time"
)

// Why an address is on the suppression list.
const (
	SuppressUnsubscribed = "unsubscribed"
	SuppressHardBounce   = "hard_bounce"
	SuppressComplaint    = "complaint"
	SuppressManual       = "manual"
	// SuppressErased lists the address of an erased contact, so that it is
	// never mailed again.
	SuppressErased = "erased"
)

// SuppressNoConsent is the reason an email to a contact or lead whose
// consent_to_contact is false is suppressed (it is not a list entry).
const SuppressNoConsent = "no_consent"

// SuppressionReasons are the reasons a list entry may have (an exported
// list imports again as it is).
var SuppressionReasons = []string{SuppressUnsubscribed, SuppressHardBounce, SuppressComplaint, SuppressManual, SuppressErased}

// Suppression is an address no marketing email goes to.
type Suppression struct {
	ID        string    `json:"id"`
	Address   string    `json:"address"`
	Reason    string    `json:"reason"`
	Source    string    `json:"source"`
	CreatedAt time.Time `json:"created_at"`
}

// SuppressionInput adds an address to the list by hand (or from a file).
type SuppressionInput struct {
	Address string `json:"address"`
	Reason  string `json:"reason"`
	Source  string `json:"source"`
}

// Normalize lower-cases and trims the address (addresses compare
// case-insensitively), and makes an unnamed reason manual.
func (in *SuppressionInput) Normalize() {
	in.Address = NormalizeEmail(in.Address)
	in.Reason = strings.ToLower(strings.TrimSpace(in.Reason))
	if in.Reason == "" {
		in.Reason = SuppressManual
	}
	in.Source = strings.TrimSpace(in.Source)
}

// Validate checks the input.
func (in SuppressionInput) Validate() error {
	var v Validator
	in.check(&v, "")
	return v.Err()
}

// check records the input's problems under fields prefixed with prefix.
func (in SuppressionInput) check(v *Validator, prefix string) {
	if in.Address == "" {
		v.Add(prefix+"address", "is required")
	} else {
		v.EmailAddress(prefix+"address", in.Address)
	}
	v.Check(isOneOf(in.Reason, SuppressionReasons), prefix+"reason", "must be one of %s", strings.Join(SuppressionReasons, ", "))
	v.Text(prefix+"source", in.Source)
	v.MaxLen(prefix+"source", in.Source, MaxDescription)
}

// CheckSuppressionRows validates the rows of an imported file, naming each
// problem by the row's line of the file (lines[i]) as lines[N].field.
func CheckSuppressionRows(rows []SuppressionInput, lines []int) error {
	var fields []FieldError
	for i, r := range rows {
		var v Validator
		r.check(&v, "lines["+itoa(lines[i])+"].")
		if err, ok := v.Err().(*ValidationError); ok {
			fields = append(fields, err.Fields...)
		}
		if len(fields) >= 100 {
			break // enough for a person to act on
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &ValidationError{Fields: fields}
}

func isOneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// Kinds of email event.
const (
	EventHardBounce = "hard"
	EventSoftBounce = "soft"
	EventComplaint  = "complaint"
)

// SoftBounceLimit soft bounces of one address within SoftBounceWindow
// suppress it as a hard bounce.
const (
	SoftBounceLimit  = 3
	SoftBounceWindow = 7 * 24 * time.Hour
)

// EmailEventInput is a bounce or complaint as a mail system reports it
// (POST /api/v1/bounces).
type EmailEventInput struct {
	// MessageID names the message it is about (with or without <>).
	MessageID string `json:"message_id"`
	// Type is hard, soft or complaint.
	Type string `json:"type"`
	// Address is the recipient; it may be left out when MessageID names a
	// message Drumbeat sent.
	Address    string `json:"address"`
	Diagnostic string `json:"diagnostic"`
	// OccurredAt is when it happened (default: when it is received).
	OccurredAt *time.Time `json:"occurred_at"`
}

// Normalize trims the fields, drops the angle brackets of the Message-ID and
// lower-cases the address.
func (in *EmailEventInput) Normalize() {
	in.MessageID = strings.Trim(strings.TrimSpace(in.MessageID), "<>")
	in.Type = strings.ToLower(strings.TrimSpace(in.Type))
	in.Address = NormalizeEmail(in.Address)
	in.Diagnostic = strings.TrimSpace(in.Diagnostic)
}

// Validate checks the input.
func (in EmailEventInput) Validate() error {
	var v Validator
	v.Check(isOneOf(in.Type, []string{EventHardBounce, EventSoftBounce, EventComplaint}), "type", "must be hard, soft or complaint")
	v.Check(in.Address != "" || in.MessageID != "", "address", "is required when message_id is not given")
	if in.Address != "" {
		v.EmailAddress("address", in.Address)
	}
	v.Text("message_id", in.MessageID)
	v.MaxLen("message_id", in.MessageID, MaxSubject)
	v.Text("diagnostic", in.Diagnostic)
	v.MaxLen("diagnostic", in.Diagnostic, MaxNote)
	return v.Err()
}

// EmailEvent is a stored bounce or complaint and what it led to.
type EmailEvent struct {
	ID         string    `json:"id"`
	Type       string    `json:"type"`
	Address    string    `json:"address"`
	MessageID  string    `json:"message_id"`
	Diagnostic string    `json:"diagnostic"`
	Source     string    `json:"source"`
	OccurredAt time.Time `json:"occurred_at"`
	// OutboxKey, ContactID and LeadID name the message it matched, if any.
	OutboxKey string `json:"outbox_key,omitempty"`
	ContactID string `json:"contact_id,omitempty"`
	LeadID    int64  `json:"lead_id,omitempty"`
	// Suppressed is the address's reason on the suppression list after the
	// event ("" when it is not on it).
	Suppressed string `json:"suppressed,omitempty"`
	// Duplicate is set when the same event was reported before: nothing new
	// was written.
	Duplicate bool `json:"duplicate"`
}

// SuppressionFor is the list entry an event adds, given how many soft
// bounces the address had within SoftBounceWindow up to this one (this one
// included); "" when it adds none.
func SuppressionFor(eventType string, softBounces int) string {
	switch {
	case eventType == EventHardBounce:
		return SuppressHardBounce
	case eventType == EventComplaint:
		return SuppressComplaint
	case eventType == EventSoftBounce && softBounces >= SoftBounceLimit:
		return SuppressHardBounce
	}
	return ""
}

// Sender is who a campaign's or drip campaign's emails come from. Empty
// fields take MAIL_FROM's name and address; no Reply-To unless set.
type Sender struct {
	FromName    string `json:"from_name"`
	FromAddress string `json:"from_address"`
	ReplyTo     string `json:"reply_to"`
}

// Normalize trims the fields.
func (s *Sender) Normalize() {
	s.FromName = strings.TrimSpace(s.FromName)
	s.FromAddress = strings.TrimSpace(s.FromAddress)
	s.ReplyTo = strings.TrimSpace(s.ReplyTo)
}

// Check records the sender's problems under "sender.".
func (s Sender) Check(v *Validator) {
	v.MaxLen("sender.from_name", s.FromName, MaxName)
	if strings.ContainsFunc(s.FromName, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		v.Add("sender.from_name", "must not contain line breaks or control characters")
	}
	if s.FromAddress != "" {
		v.EmailAddress("sender.from_address", s.FromAddress)
	}
	if s.ReplyTo != "" {
		v.EmailAddress("sender.reply_to", s.ReplyTo)
	}
}
