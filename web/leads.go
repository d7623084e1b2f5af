package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// leadPageSize is how many leads a page of the table shows.
const leadPageSize = 25

// leadsView is the Leads workspace: the table, its toolbar and dialogs.
type leadsView struct {
	Table   *table
	Add     leadFormView
	Columns []columnChoice
	// Back is the table's address, where the column chooser returns.
	Back string
	// Export is the table's query (without its page), which the export keeps.
	Export url.Values
	// Open names the dialog open on load (columns, export) without script.
	Open string
}

// leadListInput reads the table's query: the API's parameters, and the
// Score chip's range ("25-49", "-24", "75-").
func leadListInput(q url.Values) app.LeadListInput {
	in := app.LeadListInput{Q: q.Get("q"), Filter: q.Get("filter"), Sort: q.Get("sort"), Cursor: q.Get("cursor"), Limit: leadPageSize}
	for param, dst := range map[string]*[]string{"owner": &in.Owners, "status": &in.Statuses, "source_type": &in.SourceTypes} {
		if v := q.Get(param); v != "" {
			*dst = []string{v}
		}
	}
	if r := q.Get("score"); r != "" {
		lo, hi, _ := strings.Cut(r, "-")
		in.ScoreMin, in.ScoreMax = lo, hi
	}
	return in
}

// scoreChips are the Score filter's ranges.
var scoreChips = [][2]string{{"-24", "Below 25"}, {"25-49", "25 to 49"}, {"50-74", "50 to 74"}, {"75-", "75 and more"}}

// filterChips are the saved filters of seed 001.
var filterChips = [][2]string{{"", "All Leads"}, {"mine", "My Leads"}, {"recent", "My Recently Added Leads"}, {"stale", "Stale Leads"}}

// leads is the Leads workspace.
func (p *Pages) leads(c *gin.Context) {
	add := leadForm{dialogForm: newDialog(c.Query("add") != "", nil)}
	add.Values["phone_country"] = domain.PhoneUnspecified
	p.showLeads(c, http.StatusOK, add)
}

// showLeads renders the workspace with the Add dialog in the given state.
func (p *Pages) showLeads(c *gin.Context, status int, add leadForm) {
	q := c.Request.URL.Query()
	q.Del("add")
	q.Del("dialog")
	res, err := p.app.ListLeads(c, user(c), leadListInput(q))
	if err != nil {
		p.failed(c, err)
		return
	}
	owners, err := p.st.LeadUsers(c, 100)
	if err != nil {
		p.failed(c, err)
		return
	}
	sources, err := p.st.LeadSourceTypes(c, 30)
	if err != nil {
		p.failed(c, err)
		return
	}
	shown := shownLeadColumns(c)
	names, err := p.leadUserNames(c, res.Items)
	if err != nil {
		p.failed(c, err)
		return
	}
	t := &table{Action: "/leads", Params: q, Noun: "leads", NextCursor: res.NextCursor, Form: "lead-selection"}
	t.addChips("Show", "filter", false, filterChips...)
	ownerChips := [][2]string{{user(c).ID, "Me"}}
	for _, o := range owners {
		if o.ID != user(c).ID {
			ownerChips = append(ownerChips, [2]string{o.ID, o.Name})
		}
	}
	t.addChips("Owner", "owner", true, ownerChips...)
	t.addChips("Score", "score", false, scoreChips...)
	var sourceChips [][2]string
	for _, s := range sources {
		sourceChips = append(sourceChips, [2]string{s, s})
	}
	t.addChips("Source Type", "source_type", true, sourceChips...)
	var statusChips [][2]string
	for _, st := range domain.LeadStatuses {
		statusChips = append(statusChips, [2]string{string(st), string(st)})
	}
	t.addChips("Status", "status", false, statusChips...)
	cols := [][2]string{{"", ""}, {"Name", "last_name"}}
	for _, col := range shown {
		cols = append(cols, [2]string{leadColumnLabels[col], leadSortOf(col)})
	}
	sort := q.Get("sort")
	if sort == "" {
		sort = "-created_at"
	}
	t.addColumns(sort, cols...)
	for _, l := range res.Items {
		id := strconv.FormatInt(l.ID, 10)
		r := row{Cells: []cell{{Label: "Select", Text: id, Check: "lead_ids"},
			{Label: "Name", Text: l.FirstName + " " + l.LastName, URL: "/leads/" + id, Class: "name"}}}
		for _, col := range shown {
			r.Cells = append(r.Cells, leadCell(l, col, names))
		}
		t.Rows = append(t.Rows, r)
	}
	dialog, err := p.leadDialog(c, add)
	if err != nil {
		p.failed(c, err)
		return
	}
	dialog.Action = "/leads"
	exportQ := url.Values{}
	for k, v := range q {
		if k != "cursor" {
			exportQ[k] = v
		}
	}
	p.render(c, status, "leads", "leads", "Leads", leadsView{Table: t, Add: dialog, Columns: leadColumnChoices(shown),
		Back: t.with("cursor", q.Get("cursor")), Export: exportQ, Open: c.Query("dialog")})
}

// leadSortOf is the sort field of a column ("" when it does not sort).
func leadSortOf(col string) string {
	switch col {
	case "id", "score", "created_at", "updated_at":
		return col
	}
	return ""
}

// leadCell is one value of a lead in the table.
func leadCell(l domain.Lead, col string, names map[string]string) cell {
	c := cell{Label: leadColumnLabels[col]}
	switch col {
	case "status":
		c.Text, c.Badge = string(l.Status), "lead-"+strings.ToLower(string(l.Status))
	case "owner_id":
		c.Text = names[l.OwnerID]
	case "created_by":
		c.Text = names[l.CreatedBy]
	case "phone":
		c.Text = l.PhoneShown()
	case "consent_to_contact":
		c.Text = yesNo(l.ConsentToContact)
	case "converted_at":
		c.Text = showDate(l.ConvertedAt)
	case "created_at":
		c.Text = showDate(&l.CreatedAt)
	case "updated_at":
		c.Text = showDate(&l.UpdatedAt)
	default:
		for _, lc := range app.LeadColumns() {
			if lc.Name == col {
				c.Text = lc.Value(l)
			}
		}
	}
	return c
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// leadUserNames maps the owners and creators of leads to their names.
func (p *Pages) leadUserNames(c *gin.Context, ls []domain.Lead) (map[string]string, error) {
	var ids []string
	for _, l := range ls {
		for _, id := range []string{l.OwnerID, l.CreatedBy} {
			if id != "" {
				ids = append(ids, id)
			}
		}
	}
	return p.st.UserNames(c, ids)
}

// createLead adds a lead from the Add dialog (app.CreateLead, as POST
// /api/v1/leads). Refused input shows the dialog again, each error beside
// its field.
func (p *Pages) createLead(c *gin.Context) {
	f := readLeadForm(c)
	l, err := p.app.CreateLead(c, user(c), f.input())
	if err == nil {
		p.setFlash(c, "success", "Lead “"+l.FirstName+" "+l.LastName+"” added.")
		c.Redirect(http.StatusSeeOther, "/leads/"+strconv.FormatInt(l.ID, 10))
		return
	}
	if !f.refuse(err) {
		p.failed(c, err)
		return
	}
	p.showLeads(c, http.StatusUnprocessableEntity, f)
}

// exportLeads downloads the table's leads as CSV (app.ExportLeads, as GET
// /api/v1/leads/export.csv): the columns shown now ("visible") or all.
func (p *Pages) exportLeads(c *gin.Context) {
	cols := c.Query("columns")
	if cols == "" || cols == "visible" {
		cols = exportColumns(shownLeadColumns(c))
	}
	exp, err := p.app.ExportLeads(c, user(c), app.LeadExportInput{LeadListInput: leadListInput(c.Request.URL.Query()), Columns: cols})
	if err != nil {
		p.failed(c, err)
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="leads.csv"`)
	c.Status(http.StatusOK)
	if n, err := exp.Write(c, c.Writer, c.Writer.Flush); err != nil {
		p.log.Error("lead export stopped", "rows", n, "error", err)
	}
}
