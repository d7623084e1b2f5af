package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// audienceRoutes serves a campaign's settings and audience (g is /campaigns).
func (s *server) audienceRoutes(g *gin.RouterGroup) {
	g.GET("/:id/settings", getByID(s.store.GetCampaignSettings))
	// Changes the test recipients, the sender and the audience schedule's
	// interval and pause; fields left out keep their value (app.UpdateSettings).
	g.PUT("/:id/settings", updateByID(s.app.UpdateSettings))
	// The current version's audience, whether it is processed now and why
	// not, and its schedule (app.Audience).
	g.GET("/:id/audience", callByID(http.StatusOK, s.app.Audience))
	// Replaces the current version's audience (app.SetAudience).
	g.PUT("/:id/audience", updateByID(s.app.SetAudience))
	g.GET("/:id/audience/preview", s.previewAudience)
	g.POST("/:id/audience/run", callByID(http.StatusAccepted, s.app.RunAudience))
}

// previewAudience lists, page by page, who the current version's audience
// selects now, with the total count (app.PreviewAudience).
func (s *server) previewAudience(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	limit, raw, ok := pageParams(c)
	if !ok {
		return
	}
	cursor, ok := parseIDCursor(c, raw)
	if !ok {
		return
	}
	out, err := s.app.PreviewAudience(c, currentUser(c), id, limit, cursor)
	reply(c, http.StatusOK, out, err)
}
