package api

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// campaignRoutes registers the campaign routes on g (/campaigns); their
// access is campaignAccess's, on the whole /api/v1 group.
func (s *server) campaignRoutes(g *gin.RouterGroup) {
	g.POST("", s.createCampaign)
	g.GET("", s.listCampaigns)
	g.GET("/:id", s.getCampaign)
	g.PATCH("/:id", s.patchCampaign)
	g.DELETE("/:id", s.deleteCampaign)
	s.teamRoutes(g)
	s.workflowDefRoutes(g)
	s.chartRoutes(g)
	s.versionRoutes(g)
	g.POST("/:id/start", s.moveCampaign(domain.StageInProgress))
	g.POST("/:id/complete", s.moveCampaign(domain.StageCompleted))
	g.POST("/:id/cancel", s.moveCampaign(domain.StageCancelled))
	g.POST("/:id/participants", s.addParticipants)
	g.GET("/:id/participants", s.listParticipants)
	s.participantRoutes(g.Group("/:id"))
}

func (s *server) createCampaign(c *gin.Context) {
	var in domain.CampaignInput
	if !bind(c, &in) {
		return
	}
	camp, err := s.app.CreateCampaign(c, currentUser(c), in)
	reply(c, http.StatusCreated, camp, err)
}

func (s *server) getCampaign(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	camp, err := s.app.Campaign(c, currentUser(c), id)
	reply(c, http.StatusOK, camp, err)
}

// listCampaigns answers GET /campaigns: text search (q), filters (manager_id,
// stage, priority), sort and keyset pagination (limit, cursor).
func (s *server) listCampaigns(c *gin.Context) {
	page, err := s.app.ListCampaigns(c, currentUser(c), domain.CampaignListParams{Q: c.Query("q"),
		ManagerID: c.Query("manager_id"), Stage: c.Query("stage"), Priority: c.Query("priority"),
		Sort: c.Query("sort"), Cursor: c.Query("cursor"), Limit: c.Query("limit")})
	reply(c, http.StatusOK, page, err)
}

// patchCampaign answers PATCH /campaigns/{id}: a partial update of the
// user-settable fields. The stage is never settable (422).
func (s *server) patchCampaign(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var patch map[string]json.RawMessage
	if !bind(c, &patch) {
		return
	}
	camp, err := s.app.UpdateCampaign(c, currentUser(c), id, patch)
	reply(c, http.StatusOK, camp, err)
}

// deleteCampaign answers DELETE /campaigns/{id} (app.DeleteCampaign).
func (s *server) deleteCampaign(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := s.app.DeleteCampaign(c, currentUser(c), id); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
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
