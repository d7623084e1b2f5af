package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func (s *server) chartRoutes(g *gin.RouterGroup) {
	g.GET("/:id/charts/participants-by-status", s.participantsByStatus)
	g.GET("/:id/charts/pipeline", s.pipelineChart)
	g.GET("/:id/opportunities", s.listCampaignOpportunities)
}

// statusChart is the participants-by-status chart: statuses with at least one participant.
type statusChart struct {
	Items []domain.StatusCount `json:"items"`
}

// pipelineChart is the pipeline chart: stages with at least one opportunity.
type pipelineChart struct {
	Items []domain.PipelineStage `json:"items"`
}

func (s *server) participantsByStatus(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	items, err := s.store.ParticipantsByStatus(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, statusChart{Items: items})
}

func (s *server) pipelineChart(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	items, err := s.store.PipelineChart(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	if items == nil {
		items = []domain.PipelineStage{}
	}
	c.JSON(http.StatusOK, pipelineChart{Items: items})
}
