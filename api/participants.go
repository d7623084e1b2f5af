package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// pageRequest reads a list's limit and cursor (domain.ParsePage), answering
// 422 itself when the limit is out of range.
func pageRequest(c *gin.Context) (domain.PageRequest, bool) {
	r, err := domain.ParsePage(c.Query("limit"), c.Query("cursor"))
	if err != nil {
		fail(c, err)
	}
	return r, err == nil
}

// idPage reads the path's id, then the list's limit and cursor
// (pageRequest), answering 404 or 422 itself.
func idPage(c *gin.Context) (string, domain.PageRequest, bool) {
	id, ok := pathID(c, "id")
	if !ok {
		return "", domain.PageRequest{}, false
	}
	r, ok := pageRequest(c)
	return id, r, ok
}

// replyPage answers one page of a list that is read whole, a list bounded
// by what it describes (a campaign's team or versions, the folders'
// documents, the groups and templates an organisation keeps): the items
// after the cursor's key, at most the request's limit (domain.PageAfter).
// key is an item's unique key, its id.
func replyPage[T any](c *gin.Context, r domain.PageRequest, items []T, err error, key func(T) string) {
	if err != nil {
		fail(c, err)
		return
	}
	out, err := domain.PageAfter(items, r, key)
	reply(c, http.StatusOK, out, err)
}

// pageParams is pageRequest as its limit and raw cursor.
func pageParams(c *gin.Context) (limit int, cursor string, ok bool) {
	r, ok := pageRequest(c)
	return r.Limit, r.Cursor, ok
}

// parseTimeCursor decodes a domain.TimeCursor, answering 422 itself for a
// bad one.
func parseTimeCursor(c *gin.Context, cursor string) (*time.Time, string, bool) {
	t, id, err := domain.DecodeTimeCursor(cursor)
	if err != nil {
		fail(c, err)
	}
	return t, id, err == nil
}

// parseIDCursor decodes a domain.IDCursor, answering 422 itself for a bad
// one.
func parseIDCursor(c *gin.Context, cursor string) (string, bool) {
	id, err := domain.DecodeIDCursor(cursor)
	if err != nil {
		fail(c, err)
	}
	return id, err == nil
}

func (s *server) listParticipants(c *gin.Context) {
	id, r, ok := idPage(c)
	if !ok {
		return
	}
	out, err := s.app.ListParticipants(c, id, c.Query("status"), r)
	reply(c, http.StatusOK, out, err)
}
