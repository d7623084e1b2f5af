package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

func (s *server) campaignRoutes(g *gin.RouterGroup) {
	g.POST("", s.createCampaign)
	g.GET("/:id", s.getCampaign)
	g.POST("/:id/start", s.moveCampaign(workflows.UpdateStartCampaign, domain.StageInProgress))
	g.POST("/:id/complete", s.moveCampaign(workflows.UpdateCompleteCampaign, domain.StageCompleted))
	g.POST("/:id/cancel", s.moveCampaign(workflows.UpdateCancelCampaign, domain.StageCancelled))
	g.POST("/:id/participants", s.addParticipants)
	g.GET("/:id/participants", s.listParticipants)
}

// campaignView is a campaign as the API shows it.
type campaignView struct {
	domain.Campaign
	Participants int `json:"participants"`
}

func (s *server) createCampaign(c *gin.Context) {
	var in domain.CampaignInput
	if !bind(c, &in) {
		return
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		fail(c, err)
		return
	}
	id := uuid.NewString()
	if err := s.store.CreateCampaign(c, id, currentUser(c).ID, in, domain.DefaultWorkflow()); err != nil {
		fail(c, err)
		return
	}
	s.writeCampaign(c, http.StatusCreated, id)
}

func (s *server) getCampaign(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	s.writeCampaign(c, http.StatusOK, id)
}

func (s *server) writeCampaign(c *gin.Context, status int, id string) {
	camp, err := s.store.GetCampaign(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	n, err := s.store.CountParticipants(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(status, campaignView{Campaign: camp, Participants: n})
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
