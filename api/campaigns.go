package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// campaignRoutes registers the campaign routes on g (/campaigns); their
// access is campaignAccess's, on the whole /api/v1 group.
func (s *server) campaignRoutes(g *gin.RouterGroup) {
	g.POST("", createWith(http.StatusCreated, s.app.CreateCampaign))
	g.GET("", s.listCampaigns)
	g.GET("/:id", callByID(http.StatusOK, s.app.Campaign))
	// A partial update of the user-settable fields; the stage is never
	// settable (422).
	g.PATCH("/:id", updateByID(s.app.UpdateCampaign))
	g.DELETE("/:id", deleteByID(s.app.DeleteCampaign))
	s.teamRoutes(g)
	s.workflowDefRoutes(g)
	s.chartRoutes(g)
	s.versionRoutes(g)
	g.POST("/:id/start", s.moveCampaign(domain.StageInProgress))
	g.POST("/:id/complete", s.moveCampaign(domain.StageCompleted))
	g.POST("/:id/cancel", s.moveCampaign(domain.StageCancelled))
	// Adds contacts by id or with a predefined filter (app.AddParticipants).
	g.POST("/:id/participants", withBody(http.StatusCreated, idPath, s.app.AddParticipants))
	g.GET("/:id/participants", s.listParticipants)
	s.participantRoutes(g.Group("/:id"))
}

// listCampaigns answers GET /campaigns: text search (q), filters (manager_id,
// stage, priority), sort and keyset pagination (limit, cursor).
func (s *server) listCampaigns(c *gin.Context) {
	page, err := s.app.ListCampaigns(c, currentUser(c), domain.CampaignListParams{Q: c.Query("q"),
		ManagerID: c.Query("manager_id"), Stage: c.Query("stage"), Priority: c.Query("priority"),
		Sort: c.Query("sort"), Cursor: c.Query("cursor"), Limit: c.Query("limit")})
	reply(c, http.StatusOK, page, err)
}

// pathID reads a UUID path parameter, answering 404 when it is not one.
func pathID(c *gin.Context, name string) (string, bool) {
	id := c.Param(name)
	if !domain.IsUUID(id) {
		problem(c, http.StatusNotFound, "not-found", "Not found", name+" "+id+" is not a valid id")
		return "", false
	}
	return id, true
}
