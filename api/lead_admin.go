package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// leadAdminRoutes: lead settings (B2B mode) and scoring rules; reading needs
// the leads privilege, changing needs an administrator.
func (s *server) leadAdminRoutes(g *gin.RouterGroup) {
	admin := require(domain.PrivAdmin)
	g.GET("/lead-settings", s.getLeadSettings)
	g.PUT("/lead-settings", admin, createWith(http.StatusOK, s.app.SetLeadSettings))
	rules := g.Group("/lead-scoring-rules")
	rules.GET("", listAll(s.store.ListScoringRules, func(r domain.ScoringRule) string { return r.ID }))
	rules.POST("", admin, createWith(http.StatusCreated, s.app.CreateScoringRule))
	rules.GET("/:id", getByID(s.store.GetScoringRule))
	rules.PUT("/:id", admin, updateByID(s.app.UpdateScoringRule))
	rules.DELETE("/:id", admin, deleteByID(func(ctx context.Context, _ domain.User, id string) error {
		return s.store.DeleteScoringRule(ctx, id)
	}))
}

func (s *server) getLeadSettings(c *gin.Context) {
	b2b, err := s.store.LeadSettings(c)
	reply(c, http.StatusOK, app.LeadSettings{B2BMode: b2b}, err)
}
