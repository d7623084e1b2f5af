package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// workflowDefRoutes serves a campaign's workflow (g is /campaigns).
func (s *server) workflowDefRoutes(g *gin.RouterGroup) {
	g.GET("/:id/workflow", callByID(http.StatusOK, s.app.Workflow))
	// Replaces the campaign's statuses (app.PutWorkflow).
	g.PUT("/:id/workflow", updateByID(s.app.PutWorkflow))
	// Loads a template, resetting every status's configuration (app.SelectTemplate).
	g.POST("/:id/workflow/select", updateByID(s.app.SelectTemplate))
	// Loads the newer version of the campaign's template (app.ReloadTemplate).
	g.POST("/:id/workflow/reload", callByID(http.StatusOK, s.app.ReloadTemplate))
}

// templateRoutes serves /workflow-templates: everyone with the campaigns
// privilege reads them, administrators write them.
func (s *server) templateRoutes(g *gin.RouterGroup) {
	g.GET("", listAll(s.store.ListTemplates, func(t domain.WorkflowTemplate) string { return t.ID }))
	g.GET("/:id", getByID(s.store.GetTemplate))
	admin := require(domain.PrivAdmin)
	g.POST("", admin, createWith(http.StatusCreated, s.app.CreateWorkflowTemplate))
	// Replaces a template; its version grows by one, so campaigns that
	// copied it may reload it.
	g.PUT("/:id", admin, updateByID(s.app.UpdateWorkflowTemplate))
	g.DELETE("/:id", admin, deleteByID(s.app.DeleteWorkflowTemplate))
}
