package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
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

// stageRow validates a row's data for review.
func stageRow(data map[string]string, b2b bool) store.StagedRow {
	r := store.StagedRow{Data: data, MatchPhone: domain.ImportMatchPhone(data)}
	var ve *domain.ValidationError
	if _, err := domain.ImportInput(data, b2b); errors.As(err, &ve) {
		r.Errors = ve.Fields
	}
	return r
}

// createLeadImport reads a CSV body (a header row of lead field names, then
// one lead per row) into the staging area. The file is parsed by
// domain.ParseImportCSV; a lead export (any columns) imports as it is.
func (s *server) createLeadImport(c *gin.Context) {
	fileName := c.Query("file_name")
	if err := domain.CheckImportFileName(fileName); err != nil {
		fail(c, err)
		return
	}
	data, err := domain.ParseImportCSV(c.Request.Body)
	var tooLarge *http.MaxBytesError
	var bad *domain.ValidationError
	switch {
	case errors.As(err, &tooLarge):
		problem(c, http.StatusRequestEntityTooLarge, "too-large", "Request body too large", "the CSV file exceeds the upload limit")
		return
	case errors.As(err, &bad):
		fail(c, err)
		return
	case err != nil:
		invalid(c, domain.FieldError{Field: "file", Message: "could not be read: " + err.Error()})
		return
	}
	b2b, err := s.store.LeadSettings(c)
	if err != nil {
		fail(c, err)
		return
	}
	rows := make([]store.StagedRow, len(data))
	for i, d := range data {
		rows[i] = stageRow(d, b2b)
	}
	id := uuid.NewString()
	if err := s.store.CreateLeadImport(c, id, fileName, currentUser(c).ID, rows); err != nil {
		fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/lead-imports/"+id)
	s.writeLeadImport(c, http.StatusCreated, id)
}

func (s *server) writeLeadImport(c *gin.Context, status int, id string) {
	imp, err := s.store.GetLeadImport(c, id)
	reply(c, status, imp, err)
}

func (s *server) getLeadImport(c *gin.Context) {
	if id, ok := pathID(c, "id"); ok {
		s.writeLeadImport(c, http.StatusOK, id)
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
	after, err := domain.DecodeIntCursor(cursor, maxInt4)
	if err != nil {
		fail(c, err)
		return
	}
	if _, err := s.store.GetLeadImport(c, id); err != nil {
		fail(c, err)
		return
	}
	rows, err := s.store.LeadImportRows(c, id, int(after), limit+1)
	if err != nil {
		fail(c, err)
		return
	}
	out := domain.PageOf(rows, limit, func(last domain.ImportRow) string { return domain.IntCursor(int64(last.RowNo)) })
	c.JSON(http.StatusOK, out)
}

// importRowPatch corrects a staged row: changed field values, skip, and
// import_duplicate (import it even though it matches an existing lead).
type importRowPatch struct {
	Data            map[string]string `json:"data"`
	Skip            *bool             `json:"skip"`
	ImportDuplicate *bool             `json:"import_duplicate"`
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
	rowNo := int(row)
	var in importRowPatch
	if !bind(c, &in) {
		return
	}
	var v domain.Validator
	for k := range in.Data {
		v.Check(domain.ImportFieldKnown(k), "data."+k, "is not a lead field")
	}
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	b2b, err := s.store.LeadSettings(c)
	if err != nil {
		fail(c, err)
		return
	}
	err = s.store.CorrectLeadImportRow(c, id, rowNo, func(r *store.StagedRow, choices *store.RowChoices) error {
		for k, val := range in.Data {
			r.Data[k] = strings.TrimSpace(val)
		}
		if in.Skip != nil {
			choices.Skip = *in.Skip
		}
		if in.ImportDuplicate != nil {
			choices.ImportDuplicate = *in.ImportDuplicate
		}
		*r = stageRow(r.Data, b2b)
		return nil
	})
	if err != nil {
		fail(c, err)
		return
	}
	rows, err := s.store.LeadImportRows(c, id, rowNo-1, 1)
	if err != nil || len(rows) == 0 {
		fail(c, errors.Join(err, domain.ErrNotFound))
		return
	}
	c.JSON(http.StatusOK, rows[0])
}

// completeLeadImport imports the staged rows as a batch process ("Lead
// Import") with progress and a result per row.
func (s *server) completeLeadImport(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	rowNos, err := s.store.StartLeadImport(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	b, err := s.startBatch(c, domain.BatchLeadImport, map[string]string{"import_id": id}, rowNos)
	if err == nil {
		err = s.store.SetLeadImportBatch(detached(c), id, b.ID)
	}
	if err != nil {
		_ = s.store.RevertLeadImport(detached(c), id)
		fail(c, err)
		return
	}
	acceptBatch(c, b)
}
