package domain

import (
	"strings"
)

// ContactListItem is a contact as the contacts list shows it.
type ContactListItem struct {
	ContactProfile
	// CustomerStatus is Active or Inactive, "" when not a customer.
	CustomerStatus string `json:"customer_status"`
	// Company is the name of the contact's company ("" for none).
	Company string `json:"company"`
}

// ContactFilter selects one page of contacts, in name order (last name,
// first name, id). An erased contact is never listed.
type ContactFilter struct {
	// Words must each start the first name, last name, email or company
	// name of a contact (case-insensitive).
	Words []string
	// Type, PartnerType: only contacts of this status (the contact's type)
	// or partner type (case-insensitive; "" for any).
	Type, PartnerType string
	// CustomerStatus: only customers of this status (Active or Inactive;
	// "" for any contact).
	CustomerStatus string
	// GroupID: only members of this customer group ("" for any contact).
	GroupID string
	Limit   int
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

// DecodeContactCursor reads a token made by Encode; false for one no page
// gave out.
func DecodeContactCursor(token string) (ContactCursor, bool) {
	var c ContactCursor
	if DecodeCursor(token, &c.Last, &c.First, &c.ID) != nil || !IsUUID(c.ID) || strings.ContainsRune(c.Last+c.First, 0) {
		return ContactCursor{}, false
	}
	return c, true
}

// maxSearchWords bounds the words of a contact search.
const maxSearchWords = 10

// searchWords splits a search into its words (at most maxSearchWords).
func searchWords(q string) []string {
	words := strings.Fields(q)
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords]
	}
	return words
}

// ParseContactFilter reads a contact list's search text, cursor and page
// size (from 1 to 100); a cursor no previous page gave out is refused.
func ParseContactFilter(q, cursor string, limit int) (ContactFilter, error) {
	f := ContactFilter{Words: searchWords(q), Limit: min(max(limit, 1), 100)}
	if cursor == "" {
		return f, nil
	}
	c, ok := DecodeContactCursor(cursor)
	if !ok {
		return f, InvalidCursor()
	}
	f.After = &c
	return f, nil
}

// ContactListParams are the raw query parameters of the contacts list.
type ContactListParams struct {
	Q, Type, CustomerStatus, GroupID, PartnerType, Cursor, Limit string
}

// Filter validates the parameters and returns the filter they describe,
// with every problem named by its parameter.
func (p ContactListParams) Filter() (ContactFilter, error) {
	var v Validator
	f := ContactFilter{Words: searchWords(p.Q), Type: strings.TrimSpace(p.Type), PartnerType: strings.TrimSpace(p.PartnerType),
		GroupID: p.GroupID, Limit: DefaultPageLimit}
	if pr, err := ParsePage(p.Limit, ""); err != nil {
		v.Add("limit", "must be a whole number from 1 to %d", MaxPageLimit)
	} else {
		f.Limit = pr.Limit
	}
	v.MaxLen("q", p.Q, MaxSearchLength)
	v.MaxLen("type", f.Type, MaxLabel)
	v.MaxLen("partner_type", f.PartnerType, MaxLabel)
	switch strings.ToLower(strings.TrimSpace(p.CustomerStatus)) {
	case "":
	case "active":
		f.CustomerStatus = "Active"
	case "inactive":
		f.CustomerStatus = "Inactive"
	default:
		v.Add("customer_status", "must be Active or Inactive")
	}
	v.Check(p.GroupID == "" || IsUUID(p.GroupID), "group_id", "must be a customer group id")
	if p.Cursor != "" {
		c, ok := DecodeContactCursor(p.Cursor)
		v.Check(ok, "cursor", invalidCursor)
		f.After = &c
	}
	return f, v.Err()
}
