package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

func (s *server) audienceRoutes(g *gin.RouterGroup) {
	g.GET("/:id/settings", s.getSettings)
	g.PUT("/:id/settings", s.putSettings)
	g.GET("/:id/audience", s.getAudience)
	g.PUT("/:id/audience", s.putAudience)
	g.GET("/:id/audience/preview", s.previewAudience)
	g.POST("/:id/audience/run", s.runAudience)
}

func (s *server) getSettings(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	st, err := s.store.GetCampaignSettings(c, id)
	reply(c, http.StatusOK, st, err)
}

// putSettings changes the test recipients, the sender and the audience
// schedule's interval and pause; fields left out keep their value
// (app.UpdateSettings).
func (s *server) putSettings(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in app.SettingsPatch
	if !bind(c, &in) {
		return
	}
	st, err := s.app.UpdateSettings(c, currentUser(c), id, in)
	reply(c, http.StatusOK, st, err)
}

// getAudience shows the current version's audience, whether it is processed
// now and why not, and its schedule (app.Audience).
func (s *server) getAudience(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	a, err := s.app.Audience(c, currentUser(c), id)
	reply(c, http.StatusOK, a, err)
}

// putAudience replaces the current version's audience (app.SetAudience).
func (s *server) putAudience(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in domain.Audience
	if !bind(c, &in) {
		return
	}
	edit, err := s.app.SetAudience(c, currentUser(c), id, in)
	reply(c, http.StatusOK, edit, err)
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

// runAudience answers POST .../audience/run (app.RunAudience).
func (s *server) runAudience(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	sched, err := s.app.RunAudience(c, currentUser(c), id)
	reply(c, http.StatusAccepted, sched, err)
}
