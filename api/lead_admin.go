package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

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

type leadSettings struct {
	B2BMode *bool `json:"b2b_mode"`
}

func (s *server) getLeadSettings(c *gin.Context) {
	b2b, err := s.store.LeadSettings(c)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, leadSettings{B2BMode: &b2b})
}

func (s *server) putLeadSettings(c *gin.Context) {
	var in leadSettings
	if !bind(c, &in) {
		return
	}
	if in.B2BMode == nil {
		invalid(c, domain.FieldError{Field: "b2b_mode", Message: "is required (true or false)"})
		return
	}
	if err := s.store.SetLeadSettings(c, *in.B2BMode); err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, in)
}

type scoringRuleInput struct {
	Field    string `json:"field"`
	Operator string `json:"operator"`
	Value    string `json:"value"`
	Points   *int   `json:"points"`
}

func (in scoringRuleInput) rule(id string) (domain.ScoringRule, error) {
	r := domain.ScoringRule{ID: id, Field: in.Field, Operator: in.Operator, Value: in.Value}
	if in.Points == nil {
		return r, &domain.ValidationError{Fields: []domain.FieldError{{Field: "points", Message: "is required"}}}
	}
	r.Points = *in.Points
	return r, r.Validate()
}

func (s *server) listScoringRules(c *gin.Context) {
	rs, err := s.store.ListScoringRules(c)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, page[domain.ScoringRule]{Items: rs})
}

func (s *server) getScoringRule(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	r, err := s.store.GetScoringRule(c, id)
	reply(c, http.StatusOK, r, err)
}

func (s *server) saveScoringRule(c *gin.Context, id string, create bool) {
	var in scoringRuleInput
	if !bind(c, &in) {
		return
	}
	r, err := in.rule(id)
	if err == nil {
		err = s.store.SaveScoringRule(c, r, create)
	}
	if err == nil {
		r, err = s.store.GetScoringRule(c, id)
	}
	if err != nil {
		fail(c, err)
		return
	}
	status := http.StatusOK
	if create {
		status = http.StatusCreated
	}
	c.JSON(status, r)
}

func (s *server) createScoringRule(c *gin.Context) { s.saveScoringRule(c, uuid.NewString(), true) }

func (s *server) updateScoringRule(c *gin.Context) {
	if id, ok := pathID(c, "id"); ok {
		s.saveScoringRule(c, id, false)
	}
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
