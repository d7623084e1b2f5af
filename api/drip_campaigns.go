package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

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
	r, ok := pageRequest(c)
	if !ok {
		return
	}
	list, err := s.store.ListDripCampaigns(c)
	replyPage(c, r, list, err, dripCampaignKey)
}

// dripCampaignKey is a drip campaign's key in a page of them.
func dripCampaignKey(d domain.DripCampaign) string { return d.ID }

func (s *server) getDripCampaign(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	d, err := s.store.GetDripCampaign(c, id)
	reply(c, http.StatusOK, d, err)
}

func (s *server) createDripCampaign(c *gin.Context) {
	var in domain.DripCampaignInput
	if !bind(c, &in) {
		return
	}
	d, err := s.app.CreateDripCampaign(c, currentUser(c), in)
	reply(c, http.StatusCreated, d, err)
}

// updateDripCampaign replaces a definition. Running enrollments keep the
// steps they started with.
func (s *server) updateDripCampaign(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in domain.DripCampaignInput
	if !bind(c, &in) {
		return
	}
	d, err := s.app.ChangeDripCampaign(c, currentUser(c), id, in)
	reply(c, http.StatusOK, d, err)
}

// deleteDripCampaign is refused (409) while an enrollment still runs.
func (s *server) deleteDripCampaign(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := s.app.DeleteDripCampaign(c, currentUser(c), id); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
