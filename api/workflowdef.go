package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
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

func (s *server) getCampaignWorkflow(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	w, err := s.app.Workflow(c, currentUser(c), id)
	reply(c, http.StatusOK, w, err)
}

// putCampaignWorkflow replaces the campaign's statuses (app.PutWorkflow).
func (s *server) putCampaignWorkflow(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in app.WorkflowInput
	if !bind(c, &in) {
		return
	}
	w, err := s.app.PutWorkflow(c, currentUser(c), id, in)
	reply(c, http.StatusOK, w, err)
}

// selectCampaignTemplate loads a template, resetting every status's
// configuration (app.SelectTemplate).
func (s *server) selectCampaignTemplate(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in app.SelectTemplateInput
	if !bind(c, &in) {
		return
	}
	w, err := s.app.SelectTemplate(c, currentUser(c), id, in)
	reply(c, http.StatusOK, w, err)
}

// reloadCampaignTemplate loads the newer version of the campaign's
// template (app.ReloadTemplate).
func (s *server) reloadCampaignTemplate(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	w, err := s.app.ReloadTemplate(c, currentUser(c), id)
	reply(c, http.StatusOK, w, err)
}

func (s *server) listTemplates(c *gin.Context) {
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	ts, err := s.store.ListTemplates(c)
	replyPage(c, r, ts, err, func(t domain.WorkflowTemplate) string { return t.ID })
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
