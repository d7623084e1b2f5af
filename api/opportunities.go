package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// opportunityRoutes serves /opportunities/{id}; an opportunity of a campaign
// follows that campaign's visibility (store.OpportunityVisible).
func (s *server) opportunityRoutes(g *gin.RouterGroup) {
	g.Use(visibleRecord(s.store.OpportunityVisible))
	g.GET("/:id", getByID(s.store.GetOpportunity))
	// Edits an opportunity (app.EditOpportunity).
	g.PATCH("/:id", updateByID(s.app.EditOpportunity))
}

// listCampaignOpportunities answers GET /campaigns/{id}/opportunities, newest
// first, with limit and cursor.
func (s *server) listCampaignOpportunities(c *gin.Context) {
	id, r, ok := idPage(c)
	if !ok {
		return
	}
	os, err := s.store.ListCampaignOpportunities(c, id, r)
	reply(c, http.StatusOK, os, err)
}
