package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Activity plan templates: the list with Activate/Deactivate, and one
// editor page for a new or an existing template and its steps. Only an
// active template creates plans (the workflow's "New activity plan").

// plansView is the list of activity plan templates.
type plansView struct {
	Tabs  []tab
	Plans []domain.PlanTemplate
}

// planEditor is the editor page of one plan template.
type planEditor struct {
	Tabs  []tab
	ID    string
	Form  *adminForm
	Steps *rowSet
}

// stepKeys are the fields of a step row.
var stepKeys = []string{"kind", "subject", "due_in_days"}

// Action is where the editor posts.
func (e planEditor) Action() string {
	if e.ID == "" {
		return "/admin/activity-plans"
	}
	return "/admin/activity-plans/" + e.ID
}

// KindOptions are the kinds of a step.
func (planEditor) KindOptions() [][2]string {
	return [][2]string{{"", "— none —"}, {"task", "Task"}, {"meeting", "Meeting"}, {"call", "Call"}}
}

// StepSummary is a step as the list shows it.
func (plansView) StepSummary(s domain.PlanStep) string {
	return fmt.Sprintf("%s: %s (day %d)", s.Kind, s.Subject, s.DueInDays)
}

func (p *Pages) plans(c *gin.Context) {
	ts, err := p.st.ListPlanTemplates(c)
	if err != nil {
		p.failed(c, err)
		return
	}
	p.renderAdmin(c, http.StatusOK, "admin_plans", "Activity plans", plansView{Tabs: adminTabs("plans"), Plans: ts})
}

func (p *Pages) newPlan(c *gin.Context) {
	ed := planEditor{Tabs: adminTabs("plans"), Form: newAdminForm(map[string]string{"name": "", "active": "on"}), Steps: &rowSet{Prefix: "step"}}
	ed.Steps.add(3)
	p.renderAdmin(c, http.StatusOK, "admin_plan", "New activity plan", ed)
}

func (p *Pages) editPlan(c *gin.Context) {
	id, ok := p.adminPathID(c, "id")
	if !ok {
		return
	}
	t, err := p.st.GetPlanTemplate(c, id)
	if err != nil {
		p.failed(c, err)
		return
	}
	active := ""
	if t.Active {
		active = "on"
	}
	ed := planEditor{Tabs: adminTabs("plans"), ID: id, Form: newAdminForm(map[string]string{"name": t.Name, "active": active}), Steps: &rowSet{Prefix: "step"}}
	for _, s := range t.Steps {
		due := "" // 0 shows empty, so that a step emptied by hand is dropped
		if s.DueInDays != 0 {
			due = fmt.Sprint(s.DueInDays)
		}
		ed.Steps.Rows = append(ed.Steps.Rows, newAdminForm(map[string]string{"kind": s.Kind, "subject": s.Subject, "due_in_days": due}))
	}
	ed.Steps.add(1)
	p.renderAdmin(c, http.StatusOK, "admin_plan", t.Name, ed)
}

// savePlan creates (no id in the path) or edits a plan template; "Add
// step" posts the form back with one more row.
func (p *Pages) savePlan(c *gin.Context) {
	id := c.Param("id")
	if id != "" && !domain.IsUUID(id) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	ed := planEditor{Tabs: adminTabs("plans"), ID: id, Form: newAdminForm(nil), Steps: readRows(c, "step", stepKeys, stepKeys, domain.MaxPlanSteps+20)}
	ed.Form.read(c, "name", "active")
	if c.PostForm("more") != "" {
		ed.Steps.add(1)
		p.renderAdmin(c, http.StatusOK, "admin_plan", "Activity plan", ed)
		return
	}
	steps := []domain.PlanStep{}
	for _, r := range ed.Steps.Kept() {
		steps = append(steps, domain.PlanStep{Kind: r.Values["kind"], Subject: r.Values["subject"], DueInDays: r.formInt("due_in_days")})
	}
	name, active := ed.Form.Values["name"], ed.Form.Values["active"] != ""
	var err error
	if !ed.Steps.Failed() {
		var t domain.PlanTemplate
		if id == "" {
			t, err = p.app.CreatePlanTemplate(c, user(c), domain.PlanTemplate{Name: name, Active: active, Steps: steps})
		} else {
			t, err = p.app.ChangePlanTemplate(c, user(c), id, domain.PlanTemplatePatch{Name: &name, Steps: &steps, Active: &active})
		}
		if err == nil {
			p.setFlash(c, "success", "Activity plan “"+t.Name+"” saved.")
			c.Redirect(http.StatusSeeOther, "/admin/activity-plans/"+url.PathEscape(t.ID))
			return
		}
		if !ed.Form.refuseRows(err, ed.Steps, "steps") {
			p.failed(c, err)
			return
		}
	}
	p.renderAdmin(c, adminRefusalStatus(err), "admin_plan", "Activity plan", ed)
}

// setPlanActive activates or deactivates a plan template from the list.
func (p *Pages) setPlanActive(c *gin.Context) {
	id, ok := p.adminPathID(c, "id")
	if !ok {
		return
	}
	active := c.PostForm("active") == "true"
	t, err := p.app.ChangePlanTemplate(c, user(c), id, domain.PlanTemplatePatch{Active: &active})
	if err != nil {
		p.failed(c, err)
		return
	}
	state := "deactivated: it creates no new plans"
	if t.Active {
		state = "activated"
	}
	p.setFlash(c, "success", "Activity plan “"+t.Name+"” "+state+".")
	c.Redirect(http.StatusSeeOther, "/admin/activity-plans")
}
