package domain

import (
	"strings"
	"time"
)

// TimeCursor is the cursor of a newest-first list after the record created
// at t with the given id: what both front ends hand out as "next page".
func TimeCursor(t time.Time, id string) string { return t.Format(time.RFC3339Nano) + "_" + id }

// DecodeTimeCursor reads a TimeCursor ("" for the first page: nil time);
// false for a cursor no page gave out.
func DecodeTimeCursor(cursor string) (*time.Time, string, bool) {
	if cursor == "" {
		return nil, "", true
	}
	at, id, found := strings.Cut(cursor, "_")
	t, err := time.Parse(time.RFC3339Nano, at)
	if !found || err != nil || !IsUUID(id) {
		return nil, "", false
	}
	return &t, id, true
}
