package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Workflow templates: the list, and one editor page for a new or an
// existing template. The editor works without script: "Add status" and
// "Add action" post the form back with one more empty row, and a row left
// empty is dropped when the template is saved.

// templatesView is the list of workflow templates.
type templatesView struct {
	Tabs      []tab
	Templates []domain.WorkflowTemplate
}

func (p *Pages) adminTemplates(c *gin.Context) {
	ts, err := p.st.ListTemplates(c)
	if err != nil {
		p.failed(c, err)
		return
	}
	p.renderAdmin(c, http.StatusOK, "admin_templates", "Workflow templates", templatesView{Tabs: adminTabs("templates"), Templates: ts})
}

// IsDefault reports whether id is the default template's.
func (templatesView) IsDefault(id string) bool { return id == domain.DefaultTemplateID }

// templateEditor is the editor page: the template's own fields (and the
// errors of the statuses as a whole, under "statuses"), then its status rows.
type templateEditor struct {
	Tabs     []tab
	ID       string
	Version  int
	Form     *adminForm
	Statuses []*statusRow
	// Plans are the activity plan templates an action may create.
	Plans []domain.PlanTemplate
}

// statusRow is one status of the editor: name, next statuses (one a line),
// errors of its actions as a whole under "actions", and its action rows.
type statusRow struct {
	Form    *adminForm
	Actions []*adminForm
}

// Default reports whether the editor shows the default template, which
// cannot be deleted.
func (e *templateEditor) Default() bool { return e.ID == domain.DefaultTemplateID }

// Action is where the editor posts.
func (e *templateEditor) Action() string {
	if e.ID == "" {
		return "/admin/workflow-templates"
	}
	return "/admin/workflow-templates/" + e.ID
}

// actionField is one input of an action row.
type actionField struct{ Key, Label, Type string }

// ActionFields are the inputs of an action row: every setting of
// domain.Action, so an edit keeps what it does not change.
func (*templateEditor) ActionFields() []actionField {
	return []actionField{
		{"kind", "Action", "select"}, {"subject", "Subject", "text"}, {"body", "Body", "textarea"},
		{"delay_seconds", "Email delay (seconds)", "number"}, {"due_in_days", "Due in days", "number"},
		{"document_id", "Document id", "text"}, {"attachments", "Attachment ids (one a line)", "textarea"},
		{"format", "Print format", "select"}, {"plan_template_id", "Activity plan", "select"},
		{"coverage_role", "Coverage role", "text"}, {"revenue", "Revenue", "number"}, {"points", "Points", "number"},
	}
}

// Options are the choices of a select of an action row.
func (e *templateEditor) Options(key string) [][2]string {
	switch key {
	case "kind":
		return [][2]string{{"", "— none —"}, {"email", "Send email"}, {"task", "Create task"}, {"meeting", "Create meeting"},
			{"opportunity", "Create opportunity"}, {"print", "Print document"}, {"activity_plan", "New activity plan"},
			{"sms", "Send text message"}, {"points", "Add points"}, {"engagement", "Record engagement"}}
	case "format":
		return [][2]string{{"", "The document's own"}, {"pdf", "PDF"}, {"docx", "Word (DOCX)"}}
	case "plan_template_id":
		out := [][2]string{{"", "— none —"}}
		for _, t := range e.Plans {
			label := t.Name
			if !t.Active {
				label += " (inactive)"
			}
			out = append(out, [2]string{t.ID, label})
		}
		return out
	}
	return nil
}

// Name is the input name of a status row's field (s.2.next).
func (*templateEditor) Name(i int, key string) string { return fmt.Sprintf("s.%d.%s", i, key) }

// ActionName is the input name of an action row's field (s.2.a.0.kind).
func (*templateEditor) ActionName(i, j int, key string) string {
	return fmt.Sprintf("s.%d.a.%d.%s", i, j, key)
}

func (p *Pages) newTemplate(c *gin.Context) {
	ed := p.templateEditor(c, "", 0, newAdminForm(nil), []domain.ParticipantStatus{
		{Name: domain.StatusTargeted, Next: []string{domain.StatusContacted}}, {Name: domain.StatusContacted}, {}})
	p.renderAdmin(c, http.StatusOK, "admin_template", "New workflow template", ed)
}

func (p *Pages) editTemplate(c *gin.Context) {
	id, ok := p.adminPathID(c, "id")
	if !ok {
		return
	}
	t, err := p.st.GetTemplate(c, id)
	if err != nil {
		p.failed(c, err)
		return
	}
	p.showTemplate(c, http.StatusOK, t, "")
}

// showTemplate renders a stored template's editor, with a refusal if any.
func (p *Pages) showTemplate(c *gin.Context, status int, t domain.WorkflowTemplate, refusal string) {
	f := newAdminForm(map[string]string{"name": t.Name, "description": t.Description})
	f.Error = refusal
	ed := p.templateEditor(c, t.ID, t.Version, f, t.Statuses)
	p.renderAdmin(c, status, "admin_template", t.Name, ed)
}

// templateEditor builds the editor with a row for each status; nil
// statuses stay as the rows already in ed.
func (p *Pages) templateEditor(c *gin.Context, id string, version int, f *adminForm, statuses []domain.ParticipantStatus) *templateEditor {
	plans, err := p.st.ListPlanTemplates(c)
	if err != nil {
		p.log.Error("list plan templates", "error", err)
	}
	ed := &templateEditor{Tabs: adminTabs("templates"), ID: id, Version: version, Form: f, Plans: plans}
	for _, s := range statuses {
		row := &statusRow{Form: newAdminForm(map[string]string{"name": s.Name, "next": strings.Join(s.Next, "\n")})}
		for _, a := range s.Actions {
			row.Actions = append(row.Actions, newAdminForm(actionValues(a)))
		}
		ed.Statuses = append(ed.Statuses, row)
	}
	return ed
}

// actionValues are an action's settings as the row's inputs show them.
func actionValues(a domain.Action) map[string]string {
	num := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	revenue := ""
	if a.Revenue != 0 {
		revenue = strconv.FormatFloat(a.Revenue, 'f', -1, 64)
	}
	return map[string]string{"kind": string(a.Kind), "subject": a.Subject, "body": a.Body,
		"delay_seconds": num(a.DelaySeconds), "due_in_days": num(int64(a.DueInDays)), "document_id": a.DocumentID,
		"attachments": strings.Join(a.Attachments, "\n"), "format": a.Format, "plan_template_id": a.PlanTemplateID,
		"coverage_role": a.CoverageRole, "revenue": revenue, "points": num(int64(a.Points))}
}

// saveTemplate creates (no id in the path) or replaces a template, or adds
// a row when a "more" button sent the form.
func (p *Pages) saveTemplate(c *gin.Context) {
	id := c.Param("id")
	if id != "" && !domain.IsUUID(id) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	pt := p.readTemplate(c, id)
	title := "New workflow template"
	if id != "" {
		title = "Workflow template"
	}
	if more := c.PostForm("more"); more != "" {
		pt.grow(more)
		p.renderAdmin(c, http.StatusOK, "admin_template", title, pt.ed)
		return
	}
	var err error
	if pt.failed() {
		in := pt.in
		in.Normalize()
		err = in.Validate() // the other fields' errors too, beside the numbers refused
	} else {
		var t domain.WorkflowTemplate
		if id == "" {
			t, err = p.app.CreateWorkflowTemplate(c, user(c), pt.in)
		} else {
			t, err = p.app.UpdateWorkflowTemplate(c, user(c), id, pt.in)
		}
		if err == nil {
			p.setFlash(c, "success", fmt.Sprintf("Workflow template “%s” saved (version %d).", t.Name, t.Version))
			c.Redirect(http.StatusSeeOther, "/admin/workflow-templates/"+url.PathEscape(t.ID))
			return
		}
	}
	status := http.StatusUnprocessableEntity
	if err != nil {
		if !pt.refuse(err) {
			p.failed(c, err)
			return
		}
		status = adminRefusalStatus(err)
	}
	if pt.ed.Form.Error == "" {
		pt.ed.Form.Error = "The template was not saved: correct the fields marked below."
	}
	p.renderAdmin(c, status, "admin_template", title, pt.ed)
}

// deleteTemplate deletes a template; the default one is refused with the
// reason shown on its editor.
func (p *Pages) deleteTemplate(c *gin.Context) {
	id, ok := p.adminPathID(c, "id")
	if !ok {
		return
	}
	t, err := p.st.GetTemplate(c, id)
	if err == nil {
		err = p.app.DeleteWorkflowTemplate(c, user(c), id)
	}
	var ce *domain.ConflictError
	switch {
	case errors.As(err, &ce):
		p.showTemplate(c, http.StatusConflict, t, asSentence(ce.Reason))
	case err != nil:
		p.failed(c, err)
	default:
		p.setFlash(c, "success", "Workflow template “"+t.Name+"” deleted.")
		c.Redirect(http.StatusSeeOther, "/admin/workflow-templates")
	}
}
