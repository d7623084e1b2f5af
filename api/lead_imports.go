package api

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
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
// one lead per row) into the staging area.
func (s *server) createLeadImport(c *gin.Context) {
	rd := csv.NewReader(c.Request.Body)
	rd.TrimLeadingSpace = true
	header, err := rd.Read()
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		problem(c, http.StatusRequestEntityTooLarge, "too-large", "Request body too large", "the CSV file exceeds the upload limit")
		return
	case errors.Is(err, io.EOF):
		invalid(c, domain.FieldError{Field: "file", Message: "is empty; send a CSV with a header row"})
		return
	case err != nil:
		invalid(c, domain.FieldError{Field: "file", Message: "is not valid CSV: " + err.Error()})
		return
	}
	if !domain.ImportTextOK(header) {
		invalid(c, notText(rd))
		return
	}
	var v domain.Validator
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		header[i] = h
		v.Check(domain.ImportFieldKnown(h), "file", "column %q is not a lead field (known: %s)", h, strings.Join(domain.ImportFields, ", "))
		v.Check(!seen[h], "file", "column %q appears twice", h)
		seen[h] = true
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
	var rows []store.StagedRow
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.As(err, &tooLarge) {
			problem(c, http.StatusRequestEntityTooLarge, "too-large", "Request body too large", "the CSV file exceeds the upload limit")
			return
		}
		if err != nil {
			invalid(c, domain.FieldError{Field: "file", Message: "is not valid CSV: " + err.Error()})
			return
		}
		if !domain.ImportTextOK(rec) {
			invalid(c, notText(rd))
			return
		}
		if len(rows) == domain.MaxImportRows {
			invalid(c, domain.FieldError{Field: "file", Message: fmt.Sprintf("has more than %d rows", domain.MaxImportRows)})
			return
		}
		data := make(map[string]string, len(header))
		for i, h := range header {
			data[h] = strings.TrimSpace(rec[i])
		}
		rows = append(rows, stageRow(data, b2b))
	}
	if len(rows) == 0 {
		invalid(c, domain.FieldError{Field: "file", Message: "has no rows after the header"})
		return
	}
	id := uuid.NewString()
	if err := s.store.CreateLeadImport(c, id, c.Query("file_name"), currentUser(c).ID, rows); err != nil {
		fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/lead-imports/"+id)
	s.writeLeadImport(c, http.StatusCreated, id)
}

// notText is the refusal of a record that is not UTF-8 text, naming its line.
func notText(rd *csv.Reader) domain.FieldError {
	line, _ := rd.FieldPos(0)
	return domain.FieldError{Field: "file", Message: fmt.Sprintf("line %d is not UTF-8 text or contains a NUL character; save the file as UTF-8 CSV", line)}
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
	after, err := strconv.Atoi(cursor)
	if cursor != "" && (err != nil || after < 0) {
		invalid(c, domain.FieldError{Field: "cursor", Message: "is not a cursor from a previous page"})
		return
	}
	if _, err := s.store.GetLeadImport(c, id); err != nil {
		fail(c, err)
		return
	}
	rows, err := s.store.LeadImportRows(c, id, after, limit+1)
	if err != nil {
		fail(c, err)
		return
	}
	out := pageOf(rows, limit, func(last domain.ImportRow) string { return strconv.Itoa(last.RowNo) })
	c.JSON(http.StatusOK, out)
}

// importRowPatch corrects a staged row: changed field values and/or skip.
type importRowPatch struct {
	Data map[string]string `json:"data"`
	Skip *bool             `json:"skip"`
}

func (s *server) correctLeadImportRow(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	rowNo, err := strconv.Atoi(c.Param("row"))
	if err != nil || rowNo < 1 {
		problem(c, http.StatusNotFound, "not-found", "Not found", "row "+c.Param("row")+" is not a row number")
		return
	}
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
	err = s.store.CorrectLeadImportRow(c, id, rowNo, func(r *store.StagedRow, skip *bool) error {
		for k, val := range in.Data {
			r.Data[k] = strings.TrimSpace(val)
		}
		if in.Skip != nil {
			*skip = *in.Skip
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
