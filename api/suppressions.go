package api

import (
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
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
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	search := strings.TrimSpace(c.Query("q"))
	if len(search) > domain.MaxSearchLength {
		invalid(c, domain.FieldError{Field: "q", Message: fmt.Sprintf("must be at most %d characters", domain.MaxSearchLength)})
		return
	}
	list, err := s.store.ListSuppressions(c, search, r)
	reply(c, http.StatusOK, list, err)
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

// importSuppressions reads a CSV file (text/csv, domain.ParseSuppressionCSV)
// and lists every address at once. One bad line refuses the whole file
// (422 naming each), so nothing is half-imported.
func (s *server) importSuppressions(c *gin.Context) {
	rows, err := domain.ParseSuppressionCSV(c.Request.Body)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		problem(c, http.StatusRequestEntityTooLarge, "too-large", "Request body too large", "the file exceeds the limit of this endpoint")
		return
	}
	if err != nil {
		fail(c, err)
		return
	}
	added, err := s.store.ImportSuppressions(c, rows)
	reply(c, http.StatusOK, gin.H{"rows": len(rows), "added": added, "already_listed": len(rows) - added}, err)
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
