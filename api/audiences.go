package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func (s *server) audienceRoutes(g *gin.RouterGroup) {
	g.GET("/:id/settings", s.getSettings)
	g.PUT("/:id/settings", s.putSettings)
}

func (s *server) getSettings(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	st, err := s.store.GetCampaignSettings(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

// putSettings replaces the test recipients and the audience schedule's
// interval and pause; the schedule follows at once.
func (s *server) putSettings(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	in, err := s.store.GetCampaignSettings(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	if !bind(c, &in) { // fields left out keep their current value
		return
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		fail(c, err)
		return
	}
	if err := s.store.SetCampaignSettings(c, id, in); err != nil {
		fail(c, err)
		return
	}
	s.syncSchedule(c, id)
	s.getSettings(c)
}
