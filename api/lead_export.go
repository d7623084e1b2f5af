package api

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// leadColumn is one column of the CSV export.
type leadColumn struct {
	name    string
	visible bool
	value   func(domain.Lead) string
}

func tm(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// leadColumns are the export's columns; the visible ones are the default
// columns of the Leads workspace.
var leadColumns = []leadColumn{
	{"id", true, func(l domain.Lead) string { return strconv.FormatInt(l.ID, 10) }},
	{"first_name", true, func(l domain.Lead) string { return l.FirstName }},
	{"last_name", true, func(l domain.Lead) string { return l.LastName }},
	{"score", true, func(l domain.Lead) string { return strconv.Itoa(l.Score) }},
	{"market_segment", true, func(l domain.Lead) string { return l.MarketSegment }},
	{"sales_concept", true, func(l domain.Lead) string { return l.SalesConcept }},
	{"source_type", true, func(l domain.Lead) string { return l.SourceType }},
	{"status", true, func(l domain.Lead) string { return string(l.Status) }},
	{"owner_id", true, func(l domain.Lead) string { return l.OwnerID }},
	{"created_by", true, func(l domain.Lead) string { return l.CreatedBy }},
	{"company", false, func(l domain.Lead) string { return l.Company }},
	{"position", false, func(l domain.Lead) string { return l.Position }},
	{"email", false, func(l domain.Lead) string { return l.Email }},
	// The phone as stored (E.164 when it has a country) and its country, so
	// that an exported file imports as it is and matches its leads.
	{"phone", false, func(l domain.Lead) string { return l.Phone }},
	{"phone_country", false, func(l domain.Lead) string { return domain.PhoneCountryName(l.PhoneCountry) }},
	{"source", false, func(l domain.Lead) string { return l.Source }},
	{"consent_to_contact", false, func(l domain.Lead) string { return strconv.FormatBool(l.ConsentToContact) }},
	{"address", false, func(l domain.Lead) string { return l.Address }},
	{"address_city", false, func(l domain.Lead) string { return l.AddressCity }},
	{"address_state", false, func(l domain.Lead) string { return l.AddressState }},
	{"address_country", false, func(l domain.Lead) string { return l.AddressCountry }},
	{"address_zip", false, func(l domain.Lead) string { return l.AddressZip }},
	{"time_zone", false, func(l domain.Lead) string { return l.TimeZone }},
	{"matched_contact_id", false, func(l domain.Lead) string { return l.MatchedContactID }},
	{"contact_id", false, func(l domain.Lead) string { return l.ContactID }},
	{"converted_at", false, func(l domain.Lead) string { return tm(l.ConvertedAt) }},
	{"created_at", false, func(l domain.Lead) string { return tm(&l.CreatedAt) }},
	{"updated_at", false, func(l domain.Lead) string { return tm(&l.UpdatedAt) }},
}

// exportLeads streams the leads selected by the list's parameters as CSV,
// reading them through a database cursor so memory stays constant. Every
// cell goes through domain.CSVCell, so no value runs as a spreadsheet formula.
func (s *server) exportLeads(c *gin.Context) {
	mode := c.DefaultQuery("columns", "visible")
	if mode != "visible" && mode != "all" {
		invalid(c, domain.FieldError{Field: "columns", Message: "must be visible or all"})
		return
	}
	lq, ok := leadQuery(c)
	if !ok {
		return
	}
	var cols []leadColumn
	for _, col := range leadColumns {
		if col.visible || mode == "all" {
			cols = append(cols, col)
		}
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="leads.csv"`)
	c.Status(http.StatusOK)
	w := csv.NewWriter(c.Writer)
	rec := make([]string, len(cols))
	for i, col := range cols {
		rec[i] = domain.CSVCell(col.name)
	}
	_ = w.Write(rec)
	n := 0
	err := s.store.EachLead(c, lq, func(l domain.Lead) error {
		for i, col := range cols {
			rec[i] = domain.CSVCell(col.value(l))
		}
		if err := w.Write(rec); err != nil {
			return err
		}
		if n++; n%500 == 0 {
			w.Flush()
			c.Writer.Flush()
		}
		return w.Error()
	})
	w.Flush()
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
	if !store.LeadChartKnown(name) {
		problem(c, http.StatusNotFound, "not-found", "Not found", "no chart "+name+
			"; charts are lead-source-by-month, leads-converted-by-week and lead-status-by-month")
		return
	}
	var v domain.Validator
	n := int(queryInt(c, &v, "periods", 12, 1, 120))
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	pts, err := s.store.LeadChart(c, name, n)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"chart": name, "periods": n, "points": pts})
}
