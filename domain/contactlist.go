package domain

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

// ContactListItem is a contact as the contacts list shows it.
type ContactListItem struct {
	ContactProfile
	// CustomerStatus is Active or Inactive, "" when not a customer.
	CustomerStatus string `json:"customer_status"`
}

// ContactFilter selects one page of contacts, by name (last name, first
// name, id).
type ContactFilter struct {
	// Words must each start the first name, last name or email of a contact
	// (case-insensitive).
	Words []string
	Limit int
	// After is the previous page's cursor, nil for the first page.
	After *ContactCursor
}

// ContactCursor marks where a page of contacts ended: the last row's names
// as the list sorts them (lower case) and its id.
type ContactCursor struct {
	Last  string `json:"l"`
	First string `json:"f"`
	ID    string `json:"id"`
}

// Encode returns the cursor as an opaque URL-safe token.
func (c ContactCursor) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseContactFilter reads a contact list's search text, cursor and page
// size (from 1 to 100); a cursor no previous page gave out is refused.
func ParseContactFilter(q, cursor string, limit int) (ContactFilter, error) {
	f := ContactFilter{Words: strings.Fields(q), Limit: min(max(limit, 1), 100)}
	if len(f.Words) > 10 {
		f.Words = f.Words[:10]
	}
	if cursor == "" {
		return f, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	var c ContactCursor
	if err != nil || json.Unmarshal(b, &c) != nil || !IsUUID(c.ID) || strings.ContainsRune(c.Last+c.First, 0) {
		return f, InvalidCursor()
	}
	f.After = &c
	return f, nil
}
