package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// Lead scoring: the rules that make up every lead's score (read-only on
// the lead) and the lead settings (B2B mode). Every change rescores the
// leads it affects in its own transaction (app.CreateScoringRule, ...).

// scoringView is the Lead scoring page: the settings, the rules, and the
// rule dialog (adding, or editing the rule EditID).
type scoringView struct {
	Tabs   []tab
	B2B    bool
	Rules  []domain.ScoringRule
	Rule   *adminForm
	EditID string
}

// ruleFields are the rule dialog's fields.
var ruleFields = []string{"field", "operator", "value", "points"}

// FieldOptions are the lead fields a rule may test.
func (scoringView) FieldOptions() [][2]string {
	out := [][2]string{{"", "Choose a field"}}
	for _, f := range domain.ScoreFields {
		out = append(out, [2]string{f, f})
	}
	return out
}

// OperatorOptions are the rule's conditions.
func (scoringView) OperatorOptions() [][2]string {
	return [][2]string{{domain.ScoreEquals, "equals"}, {domain.ScoreContains, "contains"}, {domain.ScorePresent, "is present"}}
}

// RuleAction is where the rule dialog posts.
func (v scoringView) RuleAction() string {
	if v.EditID == "" {
		return "/admin/lead-scoring/rules"
	}
	return "/admin/lead-scoring/rules/" + v.EditID
}

func (p *Pages) scoring(c *gin.Context) {
	rule := newAdminForm(map[string]string{"operator": domain.ScoreEquals})
	rule.Open = c.Query("add") != ""
	editID := ""
	if id := c.Query("edit"); id != "" {
		if !domain.IsUUID(id) {
			p.failed(c, domain.ErrNotFound)
			return
		}
		r, err := p.st.GetScoringRule(c, id)
		if err != nil {
			p.failed(c, err)
			return
		}
		editID = id
		rule = newAdminForm(map[string]string{"field": r.Field, "operator": r.Operator, "value": r.Value, "points": strconv.Itoa(r.Points)})
		rule.Open = true
	}
	p.showScoring(c, http.StatusOK, rule, editID)
}

// showScoring renders the page with the rule dialog as given.
func (p *Pages) showScoring(c *gin.Context, status int, rule *adminForm, editID string) {
	rules, err := p.st.ListScoringRules(c)
	if err != nil {
		p.failed(c, err)
		return
	}
	b2b, err := p.st.LeadSettings(c)
	if err != nil {
		p.failed(c, err)
		return
	}
	p.renderAdmin(c, status, "admin_scoring", "Lead scoring", scoringView{Tabs: adminTabs("scoring"), B2B: b2b,
		Rules: rules, Rule: rule, EditID: editID})
}

// saveRule adds a rule (no id in the path) or replaces one; a refusal
// shows the dialog again with each error beside its field.
func (p *Pages) saveRule(c *gin.Context) {
	id := c.Param("id")
	if id != "" && !domain.IsUUID(id) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	f := newAdminForm(nil)
	f.Open = true
	f.read(c, ruleFields...)
	in := app.ScoringRuleInput{Field: f.Values["field"], Operator: f.Values["operator"], Value: f.Values["value"]}
	if f.Values["points"] != "" { // blank: the operation says it is required
		if n := f.formInt("points"); !f.Failed() {
			in.Points = &n
		}
	}
	var err error
	if !f.Failed() {
		var r domain.ScoringRule
		if id == "" {
			r, err = p.app.CreateScoringRule(c, user(c), in)
		} else {
			r, err = p.app.UpdateScoringRule(c, user(c), id, in)
		}
		if err == nil {
			p.setFlash(c, "success", "Scoring rule saved: "+r.Field+" "+r.Operator+" gives "+strconv.Itoa(r.Points)+" points. Lead scores are up to date.")
			c.Redirect(http.StatusSeeOther, "/admin/lead-scoring")
			return
		}
		if !f.refuse(err, f.samePlace) {
			p.failed(c, err)
			return
		}
	}
	p.showScoring(c, adminRefusalStatus(err), f, id)
}

func (p *Pages) deleteRule(c *gin.Context) {
	id, ok := p.adminPathID(c, "id")
	if !ok {
		return
	}
	if err := p.st.DeleteScoringRule(c, id); err != nil {
		p.failed(c, err)
		return
	}
	p.setFlash(c, "success", "Scoring rule deleted. Lead scores are up to date.")
	c.Redirect(http.StatusSeeOther, "/admin/lead-scoring")
}

// saveLeadSettings turns B2B mode on or off (an unticked box sends nothing:
// off).
func (p *Pages) saveLeadSettings(c *gin.Context) {
	b2b := c.PostForm("b2b_mode") != ""
	if _, err := p.app.SetLeadSettings(c, user(c), app.LeadSettingsInput{B2BMode: &b2b}); err != nil {
		p.failed(c, err)
		return
	}
	msg := "B2B mode is off: leads convert to contacts."
	if b2b {
		msg = "B2B mode is on: leads need a company and convert to companies."
	}
	p.setFlash(c, "success", msg)
	c.Redirect(http.StatusSeeOther, "/admin/lead-scoring")
}
