package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
)

// leadColumnsCookie remembers the columns a user chose for the leads
// table: "<user id>|<column>,<column>", so that another user of the same
// browser starts from the default columns.
const leadColumnsCookie = "drumbeat_lead_columns"

// leadColumnLabels are the headers of the leads table's columns (the
// export's column names, app.LeadColumns). The name always shows, as the
// link to the lead, so first_name and last_name are one column.
var leadColumnLabels = map[string]string{
	"id": "Lead ID", "score": "Score", "market_segment": "Market Segment", "sales_concept": "Sales Concept",
	"source_type": "Source Type", "status": "Status", "owner_id": "Owner", "created_by": "Created By",
	"company": "Company", "position": "Position", "email": "Email", "phone": "Phone", "phone_country": "Phone Country",
	"source": "Source", "consent_to_contact": "Consent to Contact", "address": "Address", "address_city": "City",
	"address_state": "State", "address_country": "Country", "address_zip": "Zip", "time_zone": "Time Zone",
	"matched_contact_id": "Matched Contact", "contact_id": "Contact", "converted_at": "Converted",
	"created_at": "Created", "updated_at": "Last Edited",
}

// nameColumn is the column of a lead's name.
func nameColumn(col string) bool { return col == "first_name" || col == "last_name" }

// columnChoice is one column of the chooser.
type columnChoice struct {
	Name, Label string
	Shown       bool
}

// leadColumnChoices are every choosable column, marked when shown.
func leadColumnChoices(shown []string) []columnChoice {
	var out []columnChoice
	for _, col := range app.LeadColumns() {
		if !nameColumn(col.Name) {
			out = append(out, columnChoice{Name: col.Name, Label: leadColumnLabels[col.Name], Shown: slices.Contains(shown, col.Name)})
		}
	}
	return out
}

// defaultLeadColumns are the workspace's default columns (besides the name).
func defaultLeadColumns() []string {
	var out []string
	for _, col := range app.LeadColumns() {
		if col.Visible && !nameColumn(col.Name) {
			out = append(out, col.Name)
		}
	}
	return out
}

// cleanLeadColumns keeps the known columns of names, in the table's order.
func cleanLeadColumns(names []string) []string {
	var out []string
	for _, col := range app.LeadColumns() {
		if !nameColumn(col.Name) && slices.Contains(names, col.Name) {
			out = append(out, col.Name)
		}
	}
	return out
}

// shownLeadColumns are the columns the signed-in user chose, or the default.
func shownLeadColumns(c *gin.Context) []string {
	v, err := c.Cookie(leadColumnsCookie)
	who, cols, ok := strings.Cut(v, "|")
	if err != nil || !ok || who != user(c).ID {
		return defaultLeadColumns()
	}
	if cols == "" {
		return nil // every optional column hidden: the name only
	}
	return cleanLeadColumns(strings.Split(cols, ","))
}

// exportColumns is the export's "visible" choice: the columns shown now.
func exportColumns(shown []string) string {
	return strings.Join(append([]string{"first_name", "last_name"}, shown...), ",")
}

// saveLeadColumns keeps the chosen columns for a year and goes back to the
// table as it was (its query travels in the form's "back" field).
func (p *Pages) saveLeadColumns(c *gin.Context) {
	cols := cleanLeadColumns(c.PostFormArray("column"))
	if c.PostForm("reset") != "" {
		cols = defaultLeadColumns()
	}
	p.setCookie(c, leadColumnsCookie, user(c).ID+"|"+strings.Join(cols, ","), time.Now().AddDate(1, 0, 0))
	back := localPath(c.PostForm("back"))
	if !strings.HasPrefix(back, "/leads") {
		back = "/leads"
	}
	c.Redirect(http.StatusSeeOther, back)
}
