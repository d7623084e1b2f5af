package domain

import (
	"net/mail"
	"strings"
	"unicode"
)

// emailAddressProblem says why s is not one address a message can be
// delivered to, or returns "" when it is. The one rule for every address
// Drumbeat accepts (contacts, leads, test recipients, users): a bare
// local@domain as net/mail reads it, with no display name, no second
// address, no quoting or comment, no space or control character (a CR or
// LF would let a value add header lines), and at most MaxEmailAddress long.
func emailAddressProblem(s string) string {
	if len(s) > MaxEmailAddress {
		return "must be at most " + itoa(MaxEmailAddress) + " characters"
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return "must not contain spaces, line breaks or control characters"
		}
	}
	if strings.ContainsAny(s, `,;<>"()\[]`) {
		return "must be one address (local@domain), without a name, list or quoting"
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "is not an email address (local@domain)"
	}
	return ""
}

// ValidEmailAddress reports whether s is one deliverable email address.
func ValidEmailAddress(s string) bool { return emailAddressProblem(s) == "" }

// EmailAddress records an error when s is not one deliverable address.
func (v *Validator) EmailAddress(field, s string) {
	if p := emailAddressProblem(s); p != "" {
		v.Add(field, "%s", p)
	}
}
