package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// opportunityRoutes serves /opportunities/{id}; an opportunity of a campaign
// follows that campaign's visibility (store.OpportunityVisible).
func (s *server) opportunityRoutes(g *gin.RouterGroup) {
	g.Use(visibleRecord(s.store.OpportunityVisible))
	g.GET("/:id", s.getOpportunity)
	g.PATCH("/:id", s.patchOpportunity)
}

// opportunityPage is one keyset page of a campaign's opportunities.
type opportunityPage struct {
	Items      []domain.Opportunity `json:"items"`
	NextCursor string               `json:"next_cursor,omitempty"`
}

// listCampaignOpportunities answers GET /campaigns/{id}/opportunities, newest
// first, with limit and cursor.
func (s *server) listCampaignOpportunities(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var v domain.Validator
	limit := int(queryInt(c, &v, "limit", domain.DefaultPageLimit, 1, domain.MaxPageLimit))
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	after, afterID, ok := parseTimeCursor(c, c.Query("cursor"))
	if !ok {
		return
	}
	var afterTime time.Time
	if after != nil {
		afterTime = *after
	}
	os, err := s.store.ListCampaignOpportunities(c, id, afterTime, afterID, limit+1)
	if err != nil {
		fail(c, err)
		return
	}
	out := opportunityPage(pageOf(os, limit, func(last domain.Opportunity) string { return timeCursor(last.CreatedAt, last.ID) }))
	if out.Items == nil {
		out.Items = []domain.Opportunity{}
	}
	c.JSON(http.StatusOK, out)
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
