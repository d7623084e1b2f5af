package domain

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"time"
)

// One list convention for every list of the API and the pages: a page
// holds at most `limit` items (1 to MaxPageLimit, DefaultPageLimit when
// absent) and its next_cursor continues after its last item. A cursor is
// opaque to clients: the base64url form of a JSON array holding the last
// item's sort key (EncodeCursor); every list decodes it with DecodeCursor,
// so a forged or damaged one is refused the same way everywhere (422).

// Page size bounds of every list.
const (
	DefaultPageLimit = 50
	MaxPageLimit     = 500
)

// Page is one page of a list: its items and the cursor of the next page
// (empty on the last page).
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// PageRequest is a validated limit and the raw cursor of the page to read
// ("" for the first page).
type PageRequest struct {
	Limit  int
	Cursor string
}

// ParsePage reads a list's limit and cursor parameters (limit "" is
// DefaultPageLimit). A limit out of range is a 422 on "limit"; the cursor
// is decoded by the list that knows its key (DecodeCursor).
func ParsePage(limit, cursor string) (PageRequest, error) {
	var v Validator
	r := PageRequest{Limit: DefaultPageLimit, Cursor: cursor}
	if limit != "" {
		n, ok := ParseInt(limit, 1, MaxPageLimit)
		v.Check(ok, "limit", "must be a whole number from 1 to %d", MaxPageLimit)
		r.Limit = int(n)
	}
	v.MaxLen("cursor", cursor, maxCursorLength)
	return r, v.Err()
}

// maxCursorLength bounds a cursor: no page hands out a longer one (a sort
// key is a bounded label).
const maxCursorLength = 2048

// EncodeCursor returns the opaque cursor of a page ending at an item with
// the given sort key (the values a list sorts by, its id last).
func EncodeCursor(key ...any) string {
	b, err := json.Marshal(key)
	if err != nil { // only JSON-able keys are passed: strings, numbers, times
		panic("domain: cursor key is not JSON: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor made by EncodeCursor into dst (pointers, in
// the order the key was encoded). It answers InvalidCursor for a cursor no
// page gave out: not base64url, not a JSON array of exactly len(dst)
// values, or a value of another type. "" decodes nothing and is no error:
// the first page.
func DecodeCursor(cursor string, dst ...any) error {
	if cursor == "" {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	var parts []json.RawMessage
	if err != nil || json.Unmarshal(b, &parts) != nil || len(parts) != len(dst) {
		return InvalidCursor()
	}
	for i, p := range parts {
		d := json.NewDecoder(bytes.NewReader(p))
		d.UseNumber()
		if d.Decode(dst[i]) != nil {
			return InvalidCursor()
		}
	}
	return nil
}

// PageOf makes a page of items read with limit+1: when there are more than
// limit, it keeps limit and sets the cursor from the last one kept.
func PageOf[T any](items []T, limit int, cursor func(last T) string) Page[T] {
	out := Page[T]{Items: items}
	if out.Items == nil {
		out.Items = []T{}
	}
	if len(items) > limit {
		out.Items = items[:limit]
		out.NextCursor = cursor(items[limit-1])
	}
	return out
}

// PageAfter pages a list that is read whole (a bounded list: a campaign's
// versions or team): the items after the one whose key the cursor names,
// at most limit of them. key is each item's unique key as a string (its
// id); a cursor naming no item is refused, as a forged one would be.
func PageAfter[T any](items []T, r PageRequest, key func(T) string) (Page[T], error) {
	start := 0
	if r.Cursor != "" {
		var after string
		if err := DecodeCursor(r.Cursor, &after); err != nil {
			return Page[T]{}, err
		}
		start = -1
		for i, it := range items {
			if key(it) == after {
				start = i + 1
				break
			}
		}
		if start < 0 {
			return Page[T]{}, InvalidCursor()
		}
	}
	rest := items[start:]
	return PageOf(rest, r.Limit, func(last T) string { return EncodeCursor(key(last)) }), nil
}

// TimeCursor is the cursor of a newest-first list after the record created
// at t with the given id: what both front ends hand out as "next page".
func TimeCursor(t time.Time, id string) string {
	return EncodeCursor(t.UTC().Format(time.RFC3339Nano), id)
}

// DecodeTimeCursor reads a TimeCursor ("" for the first page: nil time);
// InvalidCursor for a cursor no page gave out.
func DecodeTimeCursor(cursor string) (*time.Time, string, error) {
	if cursor == "" {
		return nil, "", nil
	}
	var at, id string
	if err := DecodeCursor(cursor, &at, &id); err != nil {
		return nil, "", err
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil || !IsUUID(id) {
		return nil, "", InvalidCursor()
	}
	return &t, id, nil
}

// IDCursor is the cursor of a list ordered by id after the given id.
func IDCursor(id string) string { return EncodeCursor(id) }

// DecodeIDCursor reads an IDCursor ("" for the first page) whose id must be
// a UUID.
func DecodeIDCursor(cursor string) (string, error) {
	var id string
	if err := DecodeCursor(cursor, &id); err != nil {
		return "", err
	}
	if cursor != "" && !IsUUID(id) {
		return "", InvalidCursor()
	}
	return id, nil
}

// IntCursor is the cursor of a list ordered by a number after n.
func IntCursor(n int64) string { return EncodeCursor(n) }

// DecodeIntCursor reads an IntCursor (0 for the first page), a number from
// 0 to max.
func DecodeIntCursor(cursor string, max int64) (int64, error) {
	var n json.Number
	if err := DecodeCursor(cursor, &n); err != nil || cursor == "" {
		return 0, err
	}
	v, ok := ParseInt(n.String(), 0, max)
	if !ok {
		return 0, InvalidCursor()
	}
	return v, nil
}
