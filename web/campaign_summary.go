package web

import (
	"errors"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// summaryView is the Summary tab: the Overview, Team Members and Workflow
// cards and the two charts.
type summaryView struct {
	Overview [][2]string
	Team     []domain.TeamMember
	// TeamChoices are the users the Add member form offers.
	TeamChoices [][2]string
	Workflow    app.CampaignWorkflow
	// Templates are the workflow templates Select offers (id, name).
	Templates     [][2]string
	StatusChart   barChart
	PipelineChart barChart
}

// showSummary renders the Summary tab; edit, when set, is the Edit dialog
// shown open again with its errors.
func (p *Pages) showSummary(c *gin.Context, status int, edit *campaignForm) {
	v, head, err := p.summary(c)
	if err != nil {
		p.failed(c, err)
		return
	}
	head.Edit.Open = c.Query("edit") != ""
	head.Delete.Open = c.Query("delete") != ""
	if edit != nil {
		head.Edit = edit
	}
	p.renderCampaignTab(c, status, "summary", head, v)
}

func (p *Pages) summary(c *gin.Context) (summaryView, campaignHead, error) {
	var v summaryView
	head, err := p.campaignHead(c, "summary")
	if err != nil {
		return v, head, err
	}
	id, u := head.Campaign.ID, user(c)
	folder := ""
	if head.Campaign.FolderID != "" {
		f, err := p.st.GetFolder(c, head.Campaign.FolderID)
		if err != nil && !errors.Is(err, domain.ErrNotFound) {
			return v, head, err
		}
		folder = f.Name
	}
	v.Overview = head.Overview(folder)
	if v.Team, err = p.app.Team(c, u, id); err != nil {
		return v, head, err
	}
	for _, m := range head.Edit.Managers {
		v.TeamChoices = append(v.TeamChoices, [2]string{m.ID, m.Name})
	}
	if v.Workflow, err = p.app.Workflow(c, u, id); err != nil {
		return v, head, err
	}
	templates, err := p.st.ListTemplates(c)
	if err != nil {
		return v, head, err
	}
	for _, t := range templates {
		v.Templates = append(v.Templates, [2]string{t.ID, t.Name})
	}
	statuses, err := p.st.ParticipantsByStatus(c, id)
	if err != nil {
		return v, head, err
	}
	pipeline, err := p.st.PipelineChart(c, id)
	if err != nil {
		return v, head, err
	}
	v.StatusChart, v.PipelineChart = statusChart(statuses), pipelineChart(pipeline)
	return v, head, nil
}

// addTeamMember gives a user a Sponsor or Support role (app.AddTeamMember).
func (p *Pages) addTeamMember(c *gin.Context) {
	id := c.Param("id")
	in := domain.TeamMemberInput{UserID: c.PostForm("user_id"), Role: c.PostForm("role")}
	team, err := p.app.AddTeamMember(c, user(c), id, in)
	msg := ""
	for _, m := range team {
		if m.UserID == in.UserID {
			msg = m.Name + " added to the team as " + in.Role + "."
		}
	}
	p.done(c, "/campaigns/"+id, msg, err)
}

// removeTeamMember takes one role away from a user; the Manager stays
// (app.RemoveTeamMember).
func (p *Pages) removeTeamMember(c *gin.Context) {
	id := c.Param("id")
	role, ok := domain.ParseTeamRole(c.PostForm("role"))
	userID := c.PostForm("user_id")
	if !ok || !domain.IsUUID(userID) {
		p.failed(c, domain.ErrNotFound)
		return
	}
	err := p.app.RemoveTeamMember(c, user(c), id, userID, role)
	p.done(c, "/campaigns/"+id, "Removed from the team as "+string(role)+".", err)
}

// selectTemplate loads a workflow template into the campaign, replacing
// every status's configuration (app.SelectTemplate).
func (p *Pages) selectTemplate(c *gin.Context) {
	id := c.Param("id")
	w, err := p.app.SelectTemplate(c, user(c), id, app.SelectTemplateInput{TemplateID: c.PostForm("template_id")})
	p.done(c, "/campaigns/"+id, workflowDone("Template “"+w.Template+"” loaded", w), err)
}

// reloadTemplate loads the newer version of the campaign's template
// (app.ReloadTemplate).
func (p *Pages) reloadTemplate(c *gin.Context) {
	id := c.Param("id")
	w, err := p.app.ReloadTemplate(c, user(c), id)
	p.done(c, "/campaigns/"+id, workflowDone("Template “"+w.Template+"” reloaded", w), err)
}

// workflowDone is the message after a workflow change, with the warning of
// a Test version whose running participants keep their definition.
func workflowDone(what string, w app.CampaignWorkflow) string {
	msg := what + ": every status's configuration was reset."
	if w.Warning != nil {
		msg += " " + capitalize(w.Warning.Message) + "."
	}
	return msg
}

// actionLabels name the actions a workflow status runs, as the seed does.
var actionLabels = map[domain.ActionKind]string{
	domain.ActionTask: "Create task", domain.ActionMeeting: "Create meeting", domain.ActionOpportunity: "Create opportunity",
	domain.ActionPrint: "Print document", domain.ActionEmail: "Send email", domain.ActionActivityPlan: "New activity plan",
	domain.ActionSMS: "Send text message", domain.ActionPoints: "Add points", domain.ActionEngagement: "Record engagement",
}

// actionLabel is an action kind as people read it.
func actionLabel(k domain.ActionKind) string {
	if l, ok := actionLabels[k]; ok {
		return l
	}
	return string(k)
}
