package domain

import (
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
	Last, First, ID string
}

// Encode returns the cursor (EncodeCursor).
func (c ContactCursor) Encode() string { return EncodeCursor(c.Last, c.First, c.ID) }

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
	var c ContactCursor
	if DecodeCursor(cursor, &c.Last, &c.First, &c.ID) != nil || !IsUUID(c.ID) || strings.ContainsRune(c.Last+c.First, 0) {
		return f, InvalidCursor()
	}
	f.After = &c
	return f, nil
}
