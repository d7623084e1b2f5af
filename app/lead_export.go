package app

import (
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// LeadColumn is one column of the leads table and of its CSV export.
type LeadColumn struct {
	Name string
	// Visible marks the default columns of the Leads workspace, which the
	// export's "visible" choice writes.
	Visible bool
	value   func(domain.Lead) string
}

// Value is the column's value for a lead, as the export writes it.
func (c LeadColumn) Value(l domain.Lead) string { return c.value(l) }

func tm(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// leadColumns are the columns, in the order the export writes them.
var leadColumns = []LeadColumn{
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

// LeadColumns are every column of the leads table and export, in order.
func LeadColumns() []LeadColumn { return slices.Clone(leadColumns) }

// LeadColumnsOf picks the named columns ("visible", "all", or a comma-
// separated list of column names), always in the columns' own order; an
// unknown name is a validation error on "columns".
func LeadColumnsOf(choice string) ([]LeadColumn, error) {
	switch choice {
	case "", "visible", "all":
		var out []LeadColumn
		for _, col := range leadColumns {
			if col.Visible || choice == "all" {
				out = append(out, col)
			}
		}
		return out, nil
	}
	var v domain.Validator
	want := map[string]bool{}
	for name := range strings.SplitSeq(choice, ",") {
		name = strings.TrimSpace(name)
		known := slices.ContainsFunc(leadColumns, func(c LeadColumn) bool { return c.Name == name })
		v.Check(known, "columns", "%q is not a lead column (give visible, all, or column names separated by commas)", name)
		want[name] = true
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []LeadColumn
	for _, col := range leadColumns {
		if want[col.Name] {
			out = append(out, col)
		}
	}
	return out, nil
}

// LeadExportInput selects the leads (the list's parameters; the page is
// ignored) and the columns of an export.
type LeadExportInput struct {
	LeadListInput
	Columns string // visible (""), all, or column names separated by commas
}

// LeadExport is a checked export, ready to be written.
type LeadExport struct {
	st   *store.Store
	q    store.LeadQuery
	cols []LeadColumn
}

// ExportLeads checks an export; its Write streams it.
func (s *Service) ExportLeads(ctx context.Context, actor domain.User, in LeadExportInput) (*LeadExport, error) {
	cols, err := LeadColumnsOf(in.Columns)
	var v domain.Validator
	addFields(&v, "", "", err)
	lq, err := in.LeadListInput.Query(actor)
	addFields(&v, "", "", err)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &LeadExport{st: s.st, q: lq, cols: cols}, nil
}

// Write streams the export as CSV to w, reading the leads through a
// database cursor so that memory stays constant however many there are,
// and calling flush every 500 rows. Every cell goes through domain.CSVCell,
// so no value runs as a spreadsheet formula. It returns the rows written.
func (e *LeadExport) Write(ctx context.Context, w io.Writer, flush func()) (int, error) {
	cw := csv.NewWriter(w)
	rec := make([]string, len(e.cols))
	for i, col := range e.cols {
		rec[i] = domain.CSVCell(col.Name)
	}
	if err := cw.Write(rec); err != nil {
		return 0, err
	}
	n := 0
	err := e.st.EachLead(ctx, e.q, func(l domain.Lead) error {
		for i, col := range e.cols {
			rec[i] = domain.CSVCell(col.Value(l))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
		if n++; n%500 == 0 {
			cw.Flush()
			flush()
		}
		return cw.Error()
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
}

// LeadChartInput asks for a chart of the Leads workspace over the last
// Periods months (or weeks); Periods is checked by the front end (0: 12).
type LeadChartInput struct {
	Name    string
	Periods int
}

// LeadChart computes one of the three charts; an unknown one is not found.
func (s *Service) LeadChart(ctx context.Context, actor domain.User, in LeadChartInput) ([]store.ChartPoint, error) {
	if !store.LeadChartKnown(in.Name) {
		return nil, domain.ErrNotFound
	}
	if in.Periods <= 0 {
		in.Periods = 12
	}
	return s.st.LeadChart(ctx, in.Name, in.Periods)
}
