package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

func (s *server) audienceRoutes(g *gin.RouterGroup) {
	g.GET("/:id/settings", s.getSettings)
	g.PUT("/:id/settings", s.putSettings)
	g.GET("/:id/audience", s.getAudience)
	g.PUT("/:id/audience", s.putAudience)
	g.GET("/:id/audience/preview", s.previewAudience)
	g.POST("/:id/audience/run", s.runAudience)
}

// audienceView is a campaign's audience with whether it is processed now.
type audienceView struct {
	Version     int                  `json:"version"`
	Audience    domain.Audience      `json:"audience"`
	Eligibility domain.Eligibility   `json:"eligibility"`
	Schedule    domain.ScheduleState `json:"schedule"`
}

// previewPage lists who the audience selects now.
type previewPage struct {
	Count      int                    `json:"count"`
	Items      []store.AudienceMember `json:"items"`
	NextCursor string                 `json:"next_cursor,omitempty"`
	Note       string                 `json:"note,omitempty"`
}

func (s *server) getSettings(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	st, err := s.store.GetCampaignSettings(c, id)
	reply(c, http.StatusOK, st, err)
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
	s.app.SyncSchedule(c, id)
	s.getSettings(c)
}

// getAudience shows the current version's audience, whether it is processed
// now and why not, and its schedule (brought in line on the way).
func (s *server) getAudience(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	camp, err := s.store.GetCampaign(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	v, err := s.store.CurrentVersion(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	sched, err := s.app.AudienceSchedule(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	el := domain.AudienceEligibility(camp, v, sched.Running, time.Now())
	c.JSON(http.StatusOK, audienceView{Version: v.Version, Audience: v.Audience, Eligibility: el, Schedule: sched})
}

// putAudience replaces the current version's audience (Draft or Test only).
// Group or filter changes apply from the schedule's next run.
func (s *server) putAudience(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	in, ok := bindValid[domain.Audience](c)
	if !ok {
		return
	}
	if err := s.store.SetVersionAudience(c, id, in); err != nil {
		fail(c, err)
		return
	}
	s.app.SyncSchedule(c, id)
	v, err := s.store.CurrentVersion(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	s.writeEdit(c, v, gin.H{"audience": v.Audience})
}

// previewAudience lists, page by page, who the current version's audience
// selects now, with the total count.
func (s *server) previewAudience(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	limit, cursor, ok := pageParams(c)
	if !ok || !uuidCursor(c, cursor) {
		return
	}
	v, err := s.store.CurrentVersion(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	out := previewPage{Items: []store.AudienceMember{}}
	if v.Audience.Type == domain.AudienceNone {
		out.Note = "the campaign has no audience: set one with PUT .../audience"
		c.JSON(http.StatusOK, out)
		return
	}
	out.Count, err = s.store.CountAudience(c, v.Audience)
	var items []store.AudienceMember
	if err == nil {
		items, err = s.store.AudiencePage(c, id, v.Audience, cursor, limit+1, nil)
	}
	if err != nil {
		fail(c, err)
		return
	}
	if len(items) > limit {
		items = items[:limit]
		out.NextCursor = items[limit-1].ContactID
	}
	out.Items = append(out.Items, items...)
	c.JSON(http.StatusOK, out)
}

// runAudience answers POST .../audience/run (app.RunAudience).
func (s *server) runAudience(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	sched, err := s.app.RunAudience(c, id)
	reply(c, http.StatusAccepted, sched, err)
}
