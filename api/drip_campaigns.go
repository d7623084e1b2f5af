package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// dripCampaignRoutes: any signed-in user reads drip campaign definitions;
// changing them needs the Marketing privilege.
func (s *server) dripCampaignRoutes(g *gin.RouterGroup) {
	marketing := require(domain.PrivMarketing)
	g.GET("", s.listDripCampaigns)
	g.GET("/:id", s.getDripCampaign)
	g.POST("", marketing, s.createDripCampaign)
	g.PUT("/:id", marketing, s.updateDripCampaign)
	g.DELETE("/:id", marketing, s.deleteDripCampaign)
}

func (s *server) listDripCampaigns(c *gin.Context) {
	list, err := s.store.ListDripCampaigns(c)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": list})
}

func (s *server) getDripCampaign(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	s.writeDripCampaign(c, http.StatusOK, id)
}

func (s *server) writeDripCampaign(c *gin.Context, status int, id string) {
	d, err := s.store.GetDripCampaign(c, id)
	reply(c, status, d, err)
}

func (s *server) createDripCampaign(c *gin.Context) {
	in, ok := bindValid[domain.DripCampaignInput](c)
	if !ok {
		return
	}
	id := uuid.NewString()
	if err := s.store.CreateDripCampaign(c, id, currentUser(c).ID, in); err != nil {
		fail(c, err)
		return
	}
	s.writeDripCampaign(c, http.StatusCreated, id)
}

// updateDripCampaign replaces a definition. Running enrollments keep the
// steps they started with.
func (s *server) updateDripCampaign(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	in, ok := bindValid[domain.DripCampaignInput](c)
	if !ok {
		return
	}
	if err := s.store.UpdateDripCampaign(c, id, in); err != nil {
		fail(c, err)
		return
	}
	s.writeDripCampaign(c, http.StatusOK, id)
}

func (s *server) deleteDripCampaign(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := s.store.DeleteDripCampaign(c, id); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
