package domain

import (
	"strings"
	"unicode/utf8"
)

// Limits of what a request may set. Every text field has one, checked by
// the validation of its record, so that no value is too long for its index
// (PostgreSQL refuses a btree entry over about 2.7 kB) or for its purpose.
// Lengths are counted in characters, bodies in bytes.
const (
	// MaxName bounds a name: of a record (campaign, group, template,
	// folder, document, filter, status, step), of a person, of a role.
	MaxName = 200
	// MaxLabel bounds a short label or code: a tag, a status, a partner
	// type, a city, a state, a country, a postal code, a segment.
	MaxLabel = 100
	// MaxPhone bounds a phone number as entered.
	MaxPhone = 40
	// MaxEmailAddress is the longest address SMTP carries (RFC 5321).
	MaxEmailAddress = 254
	// MaxSubject is the longest line of a message header (RFC 5322): an
	// email subject, a task or meeting subject.
	MaxSubject = 998
	// MaxStreetAddress bounds a postal street address.
	MaxStreetAddress = 500
	// MaxDescription bounds a description.
	MaxDescription = 2000
	// MaxNote bounds a note, an activity's details, a filter value.
	MaxNote = 20000
	// MaxBody bounds the text of an email, document or message body in
	// bytes (images embedded in a batch email are bounded on their own).
	MaxBody = 1 << 20
	// MaxSMS bounds a text message.
	MaxSMS = 1600
	// MaxFileName bounds a file name (most file systems' limit).
	MaxFileName = 255
	// MaxSearchLength bounds the text search of a list.
	MaxSearchLength = 200
)

// Limits of numbers a request may set.
const (
	// MaxDueInDays bounds how far ahead a task or step may fall due.
	MaxDueInDays = 3650
	// MaxDelaySeconds bounds the delay of a delayed email (a year).
	MaxDelaySeconds = 366 * 24 * 3600
	// MaxPoints bounds the points a scoring rule or a points action gives.
	MaxPoints = 1000
)

// Text records an error when s holds what no text column can store: a NUL
// character (PostgreSQL refuses it) or bytes that are not UTF-8. Request
// bodies, query parameters and CSV cells are each checked with it once, where
// they are read.
func (v *Validator) Text(field, s string) {
	if p := TextProblem(s); p != "" {
		v.Add(field, "%s", p)
	}
}

// TextProblem says why s cannot be stored as text (see Validator.Text), or
// returns "".
func TextProblem(s string) string {
	switch {
	case strings.IndexByte(s, 0) >= 0:
		return "must not contain a NUL character (\\u0000)"
	case !utf8.ValidString(s):
		return "must be UTF-8 text"
	}
	return ""
}

// MaxLen records an error when s is longer than max characters.
func (v *Validator) MaxLen(field, s string, max int) {
	if len(s) > max && utf8.RuneCountInString(s) > max {
		v.Add(field, "must be at most %d characters", max)
	}
}

// MaxBytes records an error when s is longer than max bytes.
func (v *Validator) MaxBytes(field, s string, max int) {
	if len(s) > max {
		v.Add(field, "must be at most %d bytes", max)
	}
}

// MaxItems records an error when a list has more than max items.
func (v *Validator) MaxItems(field string, n, max int) {
	if n > max {
		v.Add(field, "at most %d items", max)
	}
}
