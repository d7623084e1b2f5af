package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// activityRoutes serves contacts' activities and coverage, and the
// administrators' predefined filters and activity plan templates.
func (s *server) activityRoutes(v1 *gin.RouterGroup) {
	v1.GET("/contacts/:id/activities", require(domain.PrivCampaigns), s.contactActivities)
	v1.POST("/contacts/:id/coverage", require(domain.PrivAdmin), s.addCoverage)
	admin := require(domain.PrivAdmin)
	v1.GET("/predefined-filters", require(domain.PrivCampaigns), s.listFilters)
	v1.POST("/predefined-filters", admin, s.createFilter)
	v1.GET("/activity-plan-templates", require(domain.PrivCampaigns), s.listPlanTemplates)
	v1.POST("/activity-plan-templates", admin, s.createPlanTemplate)
	v1.PATCH("/activity-plan-templates/:id", admin, s.patchPlanTemplate)
}

// contactActivities is a page of a contact's activities (app.ContactActivities).
func (s *server) contactActivities(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	acts, err := s.app.ContactActivities(c, currentUser(c), id, r)
	reply(c, http.StatusOK, acts, err)
}

func (s *server) addCoverage(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	in, ok := bindValid[domain.CoverageInput](c)
	if !ok {
		return
	}
	if err := s.store.AddCoverage(c, id, in.UserID, in.Role); err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"contact_id": id, "user_id": in.UserID, "role": in.Role})
}

func (s *server) listFilters(c *gin.Context) {
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	fs, err := s.store.ListFilters(c)
	replyPage(c, r, fs, err, func(f domain.PredefinedFilter) string { return f.ID })
}

func (s *server) createFilter(c *gin.Context) {
	var f domain.PredefinedFilter
	if !bind(c, &f) {
		return
	}
	f, err := s.app.CreatePredefinedFilter(c, currentUser(c), f)
	reply(c, http.StatusCreated, f, err)
}

func (s *server) listPlanTemplates(c *gin.Context) {
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	ts, err := s.store.ListPlanTemplates(c)
	replyPage(c, r, ts, err, func(t domain.PlanTemplate) string { return t.ID })
}

func (s *server) createPlanTemplate(c *gin.Context) {
	var t domain.PlanTemplate
	if !bind(c, &t) {
		return
	}
	t, err := s.app.CreatePlanTemplate(c, currentUser(c), t)
	reply(c, http.StatusCreated, t, err)
}

// patchPlanTemplate renames, edits the steps of, activates or deactivates
// a plan template.
func (s *server) patchPlanTemplate(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var p domain.PlanTemplatePatch
	if !bind(c, &p) {
		return
	}
	t, err := s.app.ChangePlanTemplate(c, currentUser(c), id, p)
	reply(c, http.StatusOK, t, err)
}
