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
	g.GET("", listAll(s.store.ListDripCampaigns, dripCampaignKey))
	g.GET("/:id", getByID(s.store.GetDripCampaign))
	g.POST("", marketing, createWith(http.StatusCreated, s.app.CreateDripCampaign))
	// A new definition: running enrollments keep the steps they started with.
	g.PUT("/:id", marketing, updateByID(s.app.ChangeDripCampaign))
	// Refused (409) while an enrollment still runs.
	g.DELETE("/:id", marketing, deleteByID(s.app.DeleteDripCampaign))
}

// dripCampaignKey is a drip campaign's key in a page of them.
func dripCampaignKey(d domain.DripCampaign) string { return d.ID }
