package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// leadImportRoutes: upload a CSV into the staging area, review and correct
// its rows, see possible duplicates, and complete the import.
func (s *server) leadImportRoutes(g *gin.RouterGroup) {
	g.POST("", s.createLeadImport)
	g.GET("/:id", s.getLeadImport)
	g.GET("/:id/rows", s.listLeadImportRows)
	g.PATCH("/:id/rows/:row", s.correctLeadImportRow)
	g.POST("/:id/complete", s.completeLeadImport)
}

// createLeadImport reads a CSV body (a header row of lead field names, then
// one lead per row) into the staging area.
func (s *server) createLeadImport(c *gin.Context) {
	imp, err := s.app.UploadLeadImport(c, currentUser(c), c.Query("file_name"), c.Request.Body)
	if errors.Is(err, app.ErrUploadTooLarge) {
		problem(c, http.StatusRequestEntityTooLarge, "too-large", "Request body too large", err.Error())
		return
	}
	if err == nil {
		c.Header("Location", "/api/v1/lead-imports/"+imp.ID)
	}
	reply(c, http.StatusCreated, imp, err)
}

func (s *server) getLeadImport(c *gin.Context) {
	if id, ok := pathID(c, "id"); ok {
		imp, err := s.store.GetLeadImport(c, id)
		reply(c, http.StatusOK, imp, err)
	}
}

func (s *server) listLeadImportRows(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	limit, cursor, ok := pageParams(c)
	if !ok {
		return
	}
	after, err := intCursor(cursor, maxInt4)
	if err != nil {
		fail(c, err)
		return
	}
	rows, err := s.app.LeadImportRows(c, currentUser(c), id, int(after), limit+1)
	if err != nil {
		fail(c, err)
		return
	}
	out := pageOf(rows, limit, func(last domain.ImportRow) string { return strconv.Itoa(last.RowNo) })
	c.JSON(http.StatusOK, out)
}

func (s *server) correctLeadImportRow(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	row, ok := pathInt(c, "row", "row number", maxInt4)
	if !ok {
		return
	}
	var in app.ImportRowPatch
	if !bind(c, &in) {
		return
	}
	r, err := s.app.CorrectLeadImportRow(c, currentUser(c), id, int(row), in)
	reply(c, http.StatusOK, r, err)
}

// completeLeadImport imports the staged rows as a batch process ("Lead
// Import") with progress and a result per row.
func (s *server) completeLeadImport(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	b, err := s.app.CompleteLeadImport(c, currentUser(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	acceptBatch(c, b)
}
