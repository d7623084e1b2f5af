package web

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// leadTabs are the detail page's tabs (key, label).
var leadTabs = [][2]string{{"detail", "Detail"}, {"audit", "Audit Trail"}, {"documents", "Documents"}}

// leadPage is a lead's detail page: the banner, its tabs and dialogs.
type leadPage struct {
	Lead           domain.Lead
	Owner, Creator string
	Tabs           []tab
	Tab            string
	// Error is a refused action, shown above the page.
	Error string
	// The actions the lead's state allows (the domain's rules decide).
	CanEdit, CanConvert, CanArchive, CanOwn bool
	Edit                                    leadFormView
	Convert                                 convertForm
	OwnerForm                               dialogForm
	Owners                                  [][2]string
	// Open names a dialog shown on load (delete), without script.
	Open       string
	Notes      []noteView
	NoteForm   dialogForm
	Activities []activityView
	ActForm    dialogForm
	Audit      []auditView
	AuditNext  string
	Documents  []domain.GeneratedDocument
}

// leadPath reads the lead id of the path; false (after a 404 page) when it
// is not one.
func (p *Pages) leadPath(c *gin.Context) (int64, bool) {
	id, ok := domain.ParseInt(c.Param("id"), 1, math.MaxInt64)
	if !ok {
		p.failed(c, domain.ErrNotFound)
	}
	return id, ok
}

// lead is a lead's detail page.
func (p *Pages) lead(c *gin.Context) {
	id, ok := p.leadPath(c)
	if !ok {
		return
	}
	p.showLead(c, http.StatusOK, id, func(v *leadPage) { v.Open = c.Query("dialog") })
}

// showLead renders the detail page of lead id; change sets the state of
// its dialogs (one sent back with errors, say).
func (p *Pages) showLead(c *gin.Context, status int, id int64, change func(*leadPage)) {
	l, err := p.st.GetLead(c, id)
	if err != nil {
		p.failed(c, err)
		return
	}
	v := &leadPage{Lead: l, Tab: "detail", NoteForm: newDialog(false, nil), ActForm: newDialog(false, nil), OwnerForm: newDialog(false, nil)}
	for _, t := range leadTabs {
		if c.Query("tab") == t[0] {
			v.Tab = t[0]
		}
	}
	base := "/leads/" + strconv.FormatInt(id, 10)
	for _, t := range leadTabs {
		v.Tabs = append(v.Tabs, tab{Label: t[1], URL: base + "?tab=" + t[0], Active: v.Tab == t[0]})
	}
	v.CanEdit = domain.CheckLeadEditable(l, "edited") == nil
	v.CanConvert = domain.CheckConvert(l) == nil
	v.CanArchive = domain.CheckLeadStatus(l.Status, domain.LeadArchived) == nil
	v.CanOwn = domain.CheckOwnerChange(l) == nil
	v.Edit.leadForm = formOf(l)
	v.Convert = newConvertForm()
	v.OwnerForm.Values["owner_id"] = l.OwnerID
	if change != nil {
		change(v)
	}
	if err := p.fillLeadPage(c, v); err != nil {
		p.failed(c, err)
		return
	}
	p.render(c, status, "lead", "leads", l.FirstName+" "+l.LastName, v)
}

// fillLeadPage reads what the page shows besides the lead.
func (p *Pages) fillLeadPage(c *gin.Context, v *leadPage) error {
	l := v.Lead
	u := user(c)
	names, err := p.leadUserNames(c, []domain.Lead{l})
	if err != nil {
		return err
	}
	v.Owner, v.Creator = names[l.OwnerID], names[l.CreatedBy]
	if v.Edit, err = p.leadDialog(c, v.Edit.leadForm); err != nil {
		return err
	}
	v.Edit.Action = fmt.Sprintf("/leads/%d/edit", l.ID)
	for _, st := range domain.LeadStatuses {
		if domain.CheckLeadStatus(l.Status, st) == nil && st != domain.LeadArchived {
			v.Edit.Statuses = append(v.Edit.Statuses, [2]string{string(st), string(st)})
		}
	}
	if v.Convert.B2B, err = p.st.LeadSettings(c); err != nil {
		return err
	}
	if v.Convert.B2B && l.Company != "" {
		known, err := p.st.CompanyNamed(c, l.Company)
		if err != nil {
			return err
		}
		v.Convert.NewCompany = !known
	}
	owners, err := p.st.LeadUsers(c, 200)
	if err != nil {
		return err
	}
	for _, o := range owners {
		v.Owners = append(v.Owners, [2]string{o.ID, o.Name})
	}
	switch v.Tab {
	case "audit":
		return p.fillAudit(c, v)
	case "documents":
		v.Documents, err = p.app.LeadDocuments(c, u, l.ID)
		return err
	}
	return p.fillNotes(c, v)
}

// Fields are the Details card's rows.
func (v *leadPage) Fields() [][2]string {
	l := v.Lead
	phone := l.PhoneShown()
	if phone != "" {
		phone += " (" + domain.PhoneCountryName(l.PhoneCountry) + ")"
	}
	rows := [][2]string{
		{"Lead ID", strconv.FormatInt(l.ID, 10)}, {"Status", string(l.Status)}, {"Score", strconv.Itoa(l.Score)},
		{"Owner", v.Owner}, {"Company", l.Company}, {"Position", l.Position}, {"Email", l.Email}, {"Phone", phone},
		{"Market Segment", l.MarketSegment}, {"Sales Concept", l.SalesConcept}, {"Source", l.Source},
		{"Source Type", l.SourceType}, {"Consent to Contact", yesNo(l.ConsentToContact)},
		{"Address", strings.Join(nonEmpty(l.Address, l.AddressCity, l.AddressState, l.AddressZip, l.AddressCountry), ", ")},
		{"Created By", v.Creator}, {"Created", l.CreatedAt.Format("2 Jan 2006 15:04")},
		{"Last Edited", l.UpdatedAt.Format("2 Jan 2006 15:04")},
	}
	if l.ConvertedAt != nil {
		rows = append(rows, [2]string{"Converted", l.ConvertedAt.Format("2 Jan 2006 15:04")})
	}
	return rows
}

// StatusClass is the class of the lead's status badge.
func (v *leadPage) StatusClass() string { return "lead-" + strings.ToLower(string(v.Lead.Status)) }

func nonEmpty(parts ...string) []string {
	return slices.DeleteFunc(parts, func(s string) bool { return s == "" })
}

// editLead saves the Edit dialog (app.UpdateLead, as PATCH /api/v1/leads/{id}).
func (p *Pages) editLead(c *gin.Context) {
	id, ok := p.leadPath(c)
	if !ok {
		return
	}
	f := readLeadForm(c)
	_, err := p.app.UpdateLead(c, user(c), id, f.patch())
	p.afterLeadAction(c, id, err, "Lead saved.", func(v *leadPage) bool {
		v.Edit.leadForm = f
		return f.refuse(err)
	})
}

// afterLeadAction ends an action on lead id: on success it goes back to
// the lead's page with the message; a refusal shows the page again with
// the refusal in its dialog (show puts it there and says whether it could)
// or above the page; any other error is an error page.
func (p *Pages) afterLeadAction(c *gin.Context, id int64, err error, done string, show func(*leadPage) bool) {
	if err == nil {
		p.setFlash(c, "success", done)
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/leads/%d", id))
		return
	}
	msg, refused := refusalText(err)
	if !refused {
		p.failed(c, err)
		return
	}
	status, _, _ := refusal(err)
	p.showLead(c, status, id, func(v *leadPage) {
		if show == nil || !show(v) {
			v.Error = msg
		}
	})
}

// leadDocument downloads a file printed for the lead.
func (p *Pages) leadDocument(c *gin.Context) {
	id, ok := p.leadPath(c)
	if !ok {
		return
	}
	if !domain.IsUUID(c.Param("doc")) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	g, data, err := p.st.GetGeneratedDocument(c, c.Param("doc"))
	if err == nil && (g.LeadID == nil || *g.LeadID != id) {
		err = domain.ErrNotFound
	}
	if err != nil {
		p.failed(c, err)
		return
	}
	download(c, g.FileName, g.Type, data)
}
