package store

import (
	"time"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// newestPage reads one page of a newest-first list keyed by (created_at,
// id), the shape of most lists: it decodes the request's cursor (a bad one
// is domain.InvalidCursor, 422), reads one row more than the limit with
// read (before is nil for the first page) to learn whether a page follows,
// and cuts the page with its next cursor.
func newestPage[T any](r domain.PageRequest, key func(T) (time.Time, string),
	read func(before *time.Time, beforeID string, limit int) ([]T, error)) (domain.Page[T], error) {
	before, beforeID, err := domain.DecodeTimeCursor(r.Cursor)
	if err != nil {
		return domain.Page[T]{}, err
	}
	items, err := read(before, beforeID, r.Limit+1)
	if err != nil {
		return domain.Page[T]{}, err
	}
	return domain.PageOf(items, r.Limit, func(last T) string { return domain.TimeCursor(key(last)) }), nil
}
