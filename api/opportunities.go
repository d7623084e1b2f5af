package api

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

// opportunityRoutes serves /opportunities/{id}; an opportunity of a campaign
// follows that campaign's visibility (store.OpportunityVisible).
func (s *server) opportunityRoutes(g *gin.RouterGroup) {
	g.Use(visibleRecord(s.store.OpportunityVisible))
	g.GET("/:id", s.getOpportunity)
	g.PATCH("/:id", s.patchOpportunity)
}

// listCampaignOpportunities answers GET /campaigns/{id}/opportunities, newest
// first, with limit and cursor.
func (s *server) listCampaignOpportunities(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	os, err := s.store.ListCampaignOpportunities(c, id, r)
	reply(c, http.StatusOK, os, err)
}

func (s *server) getOpportunity(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	s.writeOpportunity(c, id)
}

func (s *server) writeOpportunity(c *gin.Context, id string) {
	o, err := s.store.GetOpportunity(c, id)
	reply(c, http.StatusOK, o, err)
}

// patchOpportunity edits an opportunity (app.EditOpportunity).
func (s *server) patchOpportunity(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var patch map[string]json.RawMessage
	if !bind(c, &patch) {
		return
	}
	o, err := s.app.EditOpportunity(c, currentUser(c), id, patch)
	reply(c, http.StatusOK, o, err)
}
