package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// leadAdminRoutes: lead settings (B2B mode) and scoring rules; reading needs
// the leads privilege, changing needs an administrator.
func (s *server) leadAdminRoutes(g *gin.RouterGroup) {
	g.GET("/lead-settings", s.getLeadSettings)
	g.PUT("/lead-settings", require(domain.PrivAdmin), s.putLeadSettings)
	g.GET("/lead-scoring-rules", s.listScoringRules)
	g.POST("/lead-scoring-rules", require(domain.PrivAdmin), s.createScoringRule)
	g.GET("/lead-scoring-rules/:id", s.getScoringRule)
	g.PUT("/lead-scoring-rules/:id", require(domain.PrivAdmin), s.updateScoringRule)
	g.DELETE("/lead-scoring-rules/:id", require(domain.PrivAdmin), s.deleteScoringRule)
}

func (s *server) getLeadSettings(c *gin.Context) {
	b2b, err := s.store.LeadSettings(c)
	reply(c, http.StatusOK, app.LeadSettings{B2BMode: b2b}, err)
}

func (s *server) putLeadSettings(c *gin.Context) {
	var in app.LeadSettingsInput
	if !bind(c, &in) {
		return
	}
	out, err := s.app.SetLeadSettings(c, currentUser(c), in)
	reply(c, http.StatusOK, out, err)
}

func (s *server) listScoringRules(c *gin.Context) {
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	rs, err := s.store.ListScoringRules(c)
	replyPage(c, r, rs, err, func(r domain.ScoringRule) string { return r.ID })
}

func (s *server) getScoringRule(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	r, err := s.store.GetScoringRule(c, id)
	reply(c, http.StatusOK, r, err)
}

func (s *server) createScoringRule(c *gin.Context) {
	var in app.ScoringRuleInput
	if !bind(c, &in) {
		return
	}
	r, err := s.app.CreateScoringRule(c, currentUser(c), in)
	reply(c, http.StatusCreated, r, err)
}

func (s *server) updateScoringRule(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in app.ScoringRuleInput
	if !bind(c, &in) {
		return
	}
	r, err := s.app.UpdateScoringRule(c, currentUser(c), id, in)
	reply(c, http.StatusOK, r, err)
}

func (s *server) deleteScoringRule(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := s.store.DeleteScoringRule(c, id); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
