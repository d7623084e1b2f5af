package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// exportLeads streams the leads the list's parameters select as CSV:
// columns=visible (the default), all, or column names separated by commas.
func (s *server) exportLeads(c *gin.Context) {
	exp, err := s.app.ExportLeads(c, currentUser(c), app.LeadExportInput{LeadListInput: leadListInput(c), Columns: c.Query("columns")})
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="leads.csv"`)
	c.Status(http.StatusOK)
	n, err := exp.Write(c, c.Writer, c.Writer.Flush)
	if err != nil {
		// The header is sent: the client sees a truncated file; the log says why.
		logger(c).Error("lead export stopped", "rows", n, "error", err)
		_ = c.Error(err)
	}
}

// leadChart answers one chart of the Leads workspace over the last
// `periods` months (or weeks), 12 by default.
func (s *server) leadChart(c *gin.Context) {
	name := c.Param("chart")
	var v domain.Validator
	n := int(queryInt(c, &v, "periods", 12, 1, 120))
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	pts, err := s.app.LeadChart(c, currentUser(c), app.LeadChartInput{Name: name, Periods: n})
	if errors.Is(err, domain.ErrNotFound) {
		problem(c, http.StatusNotFound, "not-found", "Not found", "no chart "+name+
			"; charts are lead-source-by-month, leads-converted-by-week and lead-status-by-month")
		return
	}
	reply(c, http.StatusOK, gin.H{"chart": name, "periods": n, "points": pts}, err)
}
