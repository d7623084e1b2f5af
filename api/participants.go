package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// addParticipants adds contacts by id or with a predefined filter (app.AddParticipants).
func (s *server) addParticipants(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in app.AddParticipantsInput
	if !bind(c, &in) {
		return
	}
	added, err := s.app.AddParticipants(c, currentUser(c), id, in)
	reply(c, http.StatusCreated, added, err)
}

// page is a keyset-paginated list.
type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// pageParams reads limit (1..1000, default 100) and cursor.
func pageParams(c *gin.Context) (limit int, cursor string, ok bool) {
	return pageParamsUpTo(c, 100, domain.MaxPageLimit)
}

// pageParamsUpTo reads limit (1..max, default def) and cursor.
func pageParamsUpTo(c *gin.Context, def, max int) (limit int, cursor string, ok bool) {
	var v domain.Validator
	limit = int(queryInt(c, &v, "limit", int64(def), 1, int64(max)))
	if err := v.Err(); err != nil {
		fail(c, err)
		return 0, "", false
	}
	return limit, c.Query("cursor"), true
}

// pageOf makes a page of items read with limit+1: when there are more than
// limit, it keeps limit and sets the cursor from the last one kept.
func pageOf[T any](items []T, limit int, cursor func(last T) string) page[T] {
	out := page[T]{Items: items}
	if len(items) > limit {
		out.Items = items[:limit]
		out.NextCursor = cursor(items[limit-1])
	}
	return out
}

// timeCursor is the cursor of a newest-first list after the record created
// at t with the given id.
func timeCursor(t time.Time, id string) string { return domain.TimeCursor(t, id) }

// decodeTimeCursor reads a timeCursor ("" for the first page: nil time).
func decodeTimeCursor(cursor string) (*time.Time, string, bool) {
	return domain.DecodeTimeCursor(cursor)
}

// parseTimeCursor is decodeTimeCursor answering 422 itself for a bad cursor.
func parseTimeCursor(c *gin.Context, cursor string) (*time.Time, string, bool) {
	t, id, ok := decodeTimeCursor(cursor)
	if !ok {
		fail(c, domain.InvalidCursor())
	}
	return t, id, ok
}

func (s *server) listParticipants(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	limit, cursor, ok := pageParams(c)
	if !ok || !uuidCursor(c, cursor) {
		return
	}
	if _, err := s.store.GetCampaign(c, id); err != nil {
		fail(c, err)
		return
	}
	var ps []domain.Participant
	var err error
	if status := c.Query("status"); status != "" {
		ps, err = s.store.ListParticipantsWithStatus(c, id, status, cursor, limit+1)
	} else {
		ps, err = s.store.ListParticipants(c, id, cursor, limit+1)
	}
	if err != nil {
		fail(c, err)
		return
	}
	out := pageOf(ps, limit, func(last domain.Participant) string { return last.ID })
	c.JSON(http.StatusOK, out)
}
