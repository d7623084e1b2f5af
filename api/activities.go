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
	v1.GET("/predefined-filters", require(domain.PrivCampaigns),
		listAll(s.store.ListFilters, func(f domain.PredefinedFilter) string { return f.ID }))
	v1.POST("/predefined-filters", admin, createWith(http.StatusCreated, s.app.CreatePredefinedFilter))
	plans := v1.Group("/activity-plan-templates")
	plans.GET("", require(domain.PrivCampaigns), listAll(s.store.ListPlanTemplates, func(t domain.PlanTemplate) string { return t.ID }))
	plans.POST("", admin, createWith(http.StatusCreated, s.app.CreatePlanTemplate))
	// Renames, edits the steps of, activates or deactivates a plan template.
	plans.PATCH("/:id", admin, updateByID(s.app.ChangePlanTemplate))
}

// contactActivities is a page of a contact's activities (app.ContactActivities).
func (s *server) contactActivities(c *gin.Context) {
	id, r, ok := idPage(c)
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
