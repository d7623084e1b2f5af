package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Predefined filters: named sets of contact conditions a campaign adds
// participants with (its Participants tab, "Add by filter").

// filtersView is the list of filters and the Add dialog.
type filtersView struct {
	Tabs       []tab
	Filters    []domain.PredefinedFilter
	Form       *adminForm
	Conditions *rowSet
}

// conditionKeys are the fields of a condition row.
var conditionKeys = []string{"field", "op", "value"}

// FieldOptions are the contact fields a condition tests.
func (filtersView) FieldOptions() [][2]string {
	return [][2]string{{"", "— none —"}, {"first_name", "First name"}, {"last_name", "Last name"}, {"email", "Email"},
		{"phone", "Phone"}, {"status", "Status"}}
}

// OpOptions are a condition's comparisons (all ignore case).
func (filtersView) OpOptions() [][2]string {
	return [][2]string{{"eq", "equals"}, {"contains", "contains"}, {"starts_with", "starts with"}}
}

// Describe is a filter's conditions as a sentence.
func (filtersView) Describe(f domain.PredefinedFilter) string {
	parts := make([]string, 0, len(f.Conditions))
	for _, c := range f.Conditions {
		parts = append(parts, fmt.Sprintf("%s %s “%s”", c.Field, strings.ReplaceAll(c.Op, "_", " "), c.Value))
	}
	return strings.Join(parts, " and ")
}

func (p *Pages) filters(c *gin.Context) {
	f := newAdminForm(nil)
	f.Open = c.Query("add") != ""
	rows := &rowSet{Prefix: "cond"}
	rows.add(3)
	p.showFilters(c, http.StatusOK, f, rows)
}

func (p *Pages) showFilters(c *gin.Context, status int, f *adminForm, rows *rowSet) {
	fs, err := p.st.ListFilters(c)
	if err != nil {
		p.failed(c, err)
		return
	}
	p.renderAdmin(c, status, "admin_filters", "Predefined filters", filtersView{Tabs: adminTabs("filters"), Filters: fs, Form: f, Conditions: rows})
}

// createFilter adds a filter; "Add condition" posts the dialog back with
// one more row.
func (p *Pages) createFilter(c *gin.Context) {
	f := newAdminForm(nil)
	f.Open = true
	f.read(c, "name")
	rows := readRows(c, "cond", conditionKeys, []string{"field", "value"}, 40)
	if c.PostForm("more") != "" {
		rows.add(1)
		p.showFilters(c, http.StatusOK, f, rows)
		return
	}
	in := domain.PredefinedFilter{Name: f.Values["name"], Conditions: []domain.FilterCondition{}}
	for _, r := range rows.Kept() {
		in.Conditions = append(in.Conditions, domain.FilterCondition{Field: r.Values["field"], Op: r.Values["op"], Value: r.Values["value"]})
	}
	out, err := p.app.CreatePredefinedFilter(c, user(c), in)
	if err == nil {
		p.setFlash(c, "success", "Predefined filter “"+out.Name+"” added.")
		c.Redirect(http.StatusSeeOther, "/admin/filters")
		return
	}
	if !f.refuseRows(err, rows, "conditions") {
		p.failed(c, err)
		return
	}
	p.showFilters(c, adminRefusalStatus(err), f, rows)
}
