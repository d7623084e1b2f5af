package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

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
	v1.PATCH("/activity-plan-templates/:id", admin, s.setPlanTemplateActive)
}

// contactActivities is a page of a contact's activities (app.ContactActivities).
func (s *server) contactActivities(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	limit, cursor, ok := pageParams(c)
	if !ok {
		return
	}
	before, beforeID, ok := parseTimeCursor(c, cursor)
	if !ok {
		return
	}
	acts, err := s.app.ContactActivities(c, currentUser(c), id, before, beforeID, limit+1)
	if err != nil {
		fail(c, err)
		return
	}
	out := pageOf(acts, limit, func(last domain.Activity) string { return timeCursor(last.CreatedAt, last.ID) })
	c.JSON(http.StatusOK, out)
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
	fs, err := s.store.ListFilters(c)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, page[domain.PredefinedFilter]{Items: fs})
}

func (s *server) createFilter(c *gin.Context) {
	var f domain.PredefinedFilter
	if !bind(c, &f) {
		return
	}
	f.ID, f.Name = uuid.NewString(), strings.TrimSpace(f.Name)
	if err := f.Validate(); err != nil {
		fail(c, err)
		return
	}
	if err := s.store.CreateFilter(c, f); err != nil {
		fail(c, err)
		return
	}
	f, err := s.store.GetFilter(c, f.ID)
	reply(c, http.StatusCreated, f, err)
}

func (s *server) listPlanTemplates(c *gin.Context) {
	ts, err := s.store.ListPlanTemplates(c)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, page[domain.PlanTemplate]{Items: ts})
}

func (s *server) createPlanTemplate(c *gin.Context) {
	var t domain.PlanTemplate
	if !bind(c, &t) {
		return
	}
	t.ID, t.Name = uuid.NewString(), strings.TrimSpace(t.Name)
	if err := t.Validate(); err != nil {
		fail(c, err)
		return
	}
	if err := s.store.CreatePlanTemplate(c, t); err != nil {
		fail(c, err)
		return
	}
	t, err := s.store.GetPlanTemplate(c, t.ID)
	reply(c, http.StatusCreated, t, err)
}

func (s *server) setPlanTemplateActive(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in struct {
		Active *bool `json:"active"`
	}
	if !bind(c, &in) {
		return
	}
	if in.Active == nil {
		invalid(c, domain.FieldError{Field: "active", Message: "is required"})
		return
	}
	if err := s.store.SetPlanTemplateActive(c, id, *in.Active); err != nil {
		fail(c, err)
		return
	}
	t, err := s.store.GetPlanTemplate(c, id)
	reply(c, http.StatusOK, t, err)
}
