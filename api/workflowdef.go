package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func (s *server) workflowDefRoutes(g *gin.RouterGroup) {
	g.GET("/:id/workflow", s.getCampaignWorkflow)
	g.PUT("/:id/workflow", s.putCampaignWorkflow)
	g.POST("/:id/workflow/select", s.selectCampaignTemplate)
	g.POST("/:id/workflow/reload", s.reloadCampaignTemplate)
}

// templateRoutes serves /workflow-templates: everyone with the campaigns
// privilege reads them, administrators write them.
func (s *server) templateRoutes(g *gin.RouterGroup) {
	g.GET("", s.listTemplates)
	g.GET("/:id", s.getTemplate)
	admin := require(domain.PrivAdmin)
	g.POST("", admin, s.createTemplate)
	g.PUT("/:id", admin, s.updateTemplate)
	g.DELETE("/:id", admin, s.deleteTemplate)
}

// campaignWorkflowView is a campaign's workflow definition as the API shows it.
type campaignWorkflowView struct {
	domain.WorkflowDef
	TemplateID string `json:"template_id,omitempty"`
	// LatestTemplateVersion is the template's current version.
	LatestTemplateVersion int `json:"latest_template_version,omitempty"`
	// ReloadAvailable is true when the template changed since it was loaded.
	ReloadAvailable bool `json:"reload_available"`
	// Warning lists, after an edit of a Test version, the running
	// participants the edit does not reach.
	Warning *editWarning `json:"warning,omitempty"`
}

// workflowInput is the body of PUT .../workflow. The read-only fields of a
// GET answer are accepted and ignored, so a client can send back what it read.
type workflowInput struct {
	Statuses []domain.ParticipantStatus `json:"statuses"`

	Warning               any `json:"warning"`
	Template              any `json:"template"`
	TemplateVersion       any `json:"template_version"`
	TemplateID            any `json:"template_id"`
	LatestTemplateVersion any `json:"latest_template_version"`
	ReloadAvailable       any `json:"reload_available"`
}

// selectInput is the body of POST .../workflow/select.
type selectInput struct {
	TemplateID string `json:"template_id"`
}

func (s *server) getCampaignWorkflow(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	s.writeCampaignWorkflow(c, id, false)
}

// writeCampaignWorkflow answers with the campaign's workflow; after an edit
// (edited) it adds the outdated-settings warning of a Test version.
func (s *server) writeCampaignWorkflow(c *gin.Context, id string, edited bool) {
	w, err := s.store.GetCampaignWorkflow(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	view := campaignWorkflowView{WorkflowDef: w.Def, TemplateID: w.TemplateID,
		LatestTemplateVersion: w.LatestVersion, ReloadAvailable: w.Def.ReloadAvailable(w.LatestVersion)}
	if edited {
		v, err := s.store.CurrentVersion(c, id)
		if err == nil {
			view.Warning, err = s.outdatedWarning(c, v)
		}
		if err != nil {
			fail(c, err)
			return
		}
	}
	c.JSON(http.StatusOK, view)
}

// putCampaignWorkflow replaces the campaign's statuses after validating them.
func (s *server) putCampaignWorkflow(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in workflowInput
	if !bind(c, &in) {
		return
	}
	def := domain.WorkflowDef{Statuses: domain.NormalizeStatuses(in.Statuses)}
	if err := def.Validate(); err != nil {
		fail(c, err)
		return
	}
	if err := s.store.PutCampaignWorkflow(c, id, def.Statuses); err != nil {
		fail(c, err)
		return
	}
	s.writeCampaignWorkflow(c, id, true)
}

// selectCampaignTemplate loads a template, resetting every status's configuration.
func (s *server) selectCampaignTemplate(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in selectInput
	if !bind(c, &in) {
		return
	}
	if !domain.IsUUID(in.TemplateID) {
		invalid(c, domain.FieldError{Field: "template_id", Message: "must be a workflow template id"})
		return
	}
	if in.TemplateID == domain.DefaultTemplateID {
		if _, err := s.store.DefaultTemplate(c); err != nil {
			fail(c, err)
			return
		}
	}
	if err := s.store.SelectCampaignTemplate(c, id, in.TemplateID); err != nil {
		fail(c, err)
		return
	}
	s.writeCampaignWorkflow(c, id, true)
}

// reloadCampaignTemplate loads the newer version of the campaign's template.
func (s *server) reloadCampaignTemplate(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := s.store.ReloadCampaignTemplate(c, id); err != nil {
		fail(c, err)
		return
	}
	s.writeCampaignWorkflow(c, id, true)
}

// templateList is every workflow template.
type templateList struct {
	Items []domain.WorkflowTemplate `json:"items"`
}

func (s *server) listTemplates(c *gin.Context) {
	ts, err := s.store.ListTemplates(c)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, templateList{Items: ts})
}

func (s *server) getTemplate(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	s.writeTemplate(c, http.StatusOK, id)
}

func (s *server) writeTemplate(c *gin.Context, status int, id string) {
	t, err := s.store.GetTemplate(c, id)
	reply(c, status, t, err)
}

func (s *server) createTemplate(c *gin.Context) {
	var in domain.WorkflowTemplateInput
	if !bind(c, &in) {
		return
	}
	t, err := s.app.CreateWorkflowTemplate(c, currentUser(c), in)
	reply(c, http.StatusCreated, t, err)
}

// updateTemplate replaces a template; its version grows by one, so campaigns
// that copied it may reload it.
func (s *server) updateTemplate(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in domain.WorkflowTemplateInput
	if !bind(c, &in) {
		return
	}
	t, err := s.app.UpdateWorkflowTemplate(c, currentUser(c), id, in)
	reply(c, http.StatusOK, t, err)
}

func (s *server) deleteTemplate(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := s.app.DeleteWorkflowTemplate(c, currentUser(c), id); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
