package api

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// suppressionRoutes: the suppression list every send checks. Any signed-in
// user may look an address up (as anyone may read a contact); changing the
// list, importing and exporting it need the Marketing privilege. Bounce and
// complaint reports come from the mail system's webhook with an
// administrator's token.
func (s *server) suppressionRoutes(v1 *gin.RouterGroup) {
	marketing := require(domain.PrivMarketing)
	v1.GET("/suppressions", s.listSuppressions)
	v1.POST("/suppressions", marketing, s.addSuppression)
	v1.DELETE("/suppressions", marketing, s.deleteSuppression)
	v1.POST("/suppressions/import", marketing, s.importSuppressions)
	v1.GET("/suppressions/export.csv", marketing, s.exportSuppressions)
	v1.POST("/bounces", require(domain.PrivAdmin), s.postBounces)
}

// listSuppressions pages the list newest first; q finds addresses that
// contain it (case-insensitive).
func (s *server) listSuppressions(c *gin.Context) {
	limit, cursor, ok := pageParams(c)
	if !ok {
		return
	}
	before, beforeID, ok := parseTimeCursor(c, cursor)
	if !ok {
		return
	}
	search := strings.TrimSpace(c.Query("q"))
	if len(search) > domain.MaxSearchLength {
		invalid(c, domain.FieldError{Field: "q", Message: fmt.Sprintf("must be at most %d characters", domain.MaxSearchLength)})
		return
	}
	list, err := s.store.ListSuppressions(c, search, before, beforeID, limit+1)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(list, limit, func(last domain.Suppression) string { return timeCursor(last.CreatedAt, last.ID) }))
}

// addSuppression lists one address (reason manual unless given); an
// address listed already is 409.
func (s *server) addSuppression(c *gin.Context) {
	in, ok := bindValid[domain.SuppressionInput](c)
	if !ok {
		return
	}
	sup, err := s.store.AddSuppression(c, in)
	reply(c, http.StatusCreated, sup, err)
}

// deleteSuppression takes ?address= off the list (404 when it is not on it).
func (s *server) deleteSuppression(c *gin.Context) {
	in := domain.SuppressionInput{Address: c.Query("address")}
	in.Normalize()
	if err := in.Validate(); err != nil {
		fail(c, err)
		return
	}
	if err := s.store.DeleteSuppression(c, in.Address); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// maxSuppressionRows bounds one imported file.
const maxSuppressionRows = 100_000

// importSuppressions reads a CSV file (text/csv) with a header row naming
// an address column and, optionally, reason and source. Every line is
// checked first: one bad line refuses the whole file (422 naming each),
// so nothing is half-imported.
func (s *server) importSuppressions(c *gin.Context) {
	rows, err := readSuppressionCSV(c.Request.Body)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		problem(c, http.StatusRequestEntityTooLarge, "too-large", "Request body too large", "the file exceeds the limit of this endpoint")
		return
	case err != nil:
		fail(c, err)
		return
	}
	added, err := s.store.ImportSuppressions(c, rows)
	reply(c, http.StatusOK, gin.H{"rows": len(rows), "added": added, "already_listed": len(rows) - added}, err)
}

// readSuppressionCSV reads and checks an imported file; the same address
// twice counts once. Problems name the line of the file.
func readSuppressionCSV(body io.Reader) ([]domain.SuppressionInput, error) {
	r := csv.NewReader(body)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fileProblem("the file is empty: it needs a header row with an address column")
	}
	if err != nil {
		return nil, csvProblem(err)
	}
	col := map[string]int{}
	for i, name := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))] = i
	}
	if _, ok := col["address"]; !ok {
		return nil, fileProblem("the header row names no address column (columns: address, reason, source)")
	}
	cell := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return domain.CSVValue(rec[i])
		}
		return ""
	}
	var rows []domain.SuppressionInput
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvProblem(err)
		}
		line, _ := r.FieldPos(0)
		in := domain.SuppressionInput{Address: cell(rec, "address"), Reason: cell(rec, "reason"), Source: cell(rec, "source")}
		in.Normalize()
		if rows, lines = append(rows, in), append(lines, line); len(rows) > maxSuppressionRows {
			return nil, fileProblem("at most 100000 addresses per file")
		}
	}
	if len(rows) == 0 {
		return nil, fileProblem("the file lists no address")
	}
	if err := domain.CheckSuppressionRows(rows, lines); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	return slices.DeleteFunc(rows, func(in domain.SuppressionInput) bool {
		dup := seen[in.Address]
		seen[in.Address] = true
		return dup
	}), nil
}

func fileProblem(msg string) error {
	return &domain.ValidationError{Fields: []domain.FieldError{{Field: "file", Message: msg}}}
}

func csvProblem(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return err
	}
	return fileProblem("is not a CSV file: " + err.Error())
}

// exportSuppressions streams the whole list as CSV, oldest first, in the
// columns the import reads; each cell goes through domain.CSVCell.
func (s *server) exportSuppressions(c *gin.Context) {
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="suppressions.csv"`)
	c.Status(http.StatusOK)
	w := csv.NewWriter(c.Writer)
	_ = w.Write([]string{"address", "reason", "source", "created_at"})
	err := s.store.ExportSuppressions(c, func(sup domain.Suppression) error {
		return w.Write([]string{domain.CSVCell(sup.Address), domain.CSVCell(sup.Reason), domain.CSVCell(sup.Source),
			sup.CreatedAt.UTC().Format(time.RFC3339)})
	})
	w.Flush()
	if err != nil {
		// The header is sent: the client sees a truncated file; the log says why.
		logger(c).Error("suppression export stopped", "error", err)
		_ = c.Error(err)
	}
}
