package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// leadDetailRoutes: a lead's activities and notes.
func (s *server) leadDetailRoutes(g *gin.RouterGroup) {
	g.GET("/:id/activities", s.listLeadActivities)
	g.POST("/:id/activities", s.addLeadActivity)
	g.PATCH("/:id/activities/:aid", s.updateLeadActivity)
	g.DELETE("/:id/activities/:aid", s.deleteLeadActivity)
	g.GET("/:id/notes", s.listLeadNotes)
	g.POST("/:id/notes", s.addLeadNote)
	g.PATCH("/:id/notes/:nid", s.updateLeadNote)
	g.DELETE("/:id/notes/:nid", s.deleteLeadNote)
	g.GET("/:id/documents", s.listLeadDocuments)
}

// listLeadDocuments lists the PDFs printed for a lead (download each at
// /api/v1/generated-documents/{id}/pdf).
func (s *server) listLeadDocuments(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	if _, err := s.store.GetLead(c, id); err != nil {
		fail(c, err)
		return
	}
	docs, err := s.store.LeadGeneratedDocuments(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, domain.Page[domain.GeneratedDocument]{Items: docs})
}

// activityInput is the body of an activity create or (partial) update.
type activityInput struct {
	Kind    *string    `json:"kind"`
	Subject *string    `json:"subject"`
	Details *string    `json:"details"`
	DueAt   *time.Time `json:"due_at"`
	Done    *bool      `json:"done"`
}

func (in activityInput) apply(a *domain.LeadActivity) {
	if in.Kind != nil {
		a.Kind = *in.Kind
	}
	if in.Subject != nil {
		a.Subject = *in.Subject
	}
	if in.Details != nil {
		a.Details = *in.Details
	}
	if in.DueAt != nil {
		a.DueAt = in.DueAt
	}
	if in.Done != nil {
		a.Done = *in.Done
	}
}

func (s *server) listLeadActivities(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	if _, err := s.store.GetLead(c, id); err != nil {
		fail(c, err)
		return
	}
	as, err := s.store.ListLeadActivities(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, domain.Page[domain.LeadActivity]{Items: as})
}

func (s *server) addLeadActivity(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	var in activityInput
	if !bind(c, &in) {
		return
	}
	a := domain.LeadActivity{ID: uuid.NewString(), LeadID: id}
	in.apply(&a)
	if err := a.Validate(); err != nil {
		fail(c, err)
		return
	}
	a, err := s.store.AddLeadActivity(c, a, currentUser(c).ID)
	reply(c, http.StatusCreated, a, err)
}

func (s *server) changeLeadActivity(c *gin.Context, remove bool) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	aid, ok := pathID(c, "aid")
	if !ok {
		return
	}
	var in activityInput
	if !remove && !bind(c, &in) {
		return
	}
	a, err := s.store.ChangeLeadActivity(c, id, aid, currentUser(c).ID, func(a *domain.LeadActivity) (bool, error) {
		in.apply(a)
		return remove, a.Validate()
	})
	switch {
	case err != nil:
		fail(c, err)
	case remove:
		c.Status(http.StatusNoContent)
	default:
		c.JSON(http.StatusOK, a)
	}
}

func (s *server) updateLeadActivity(c *gin.Context) { s.changeLeadActivity(c, false) }
func (s *server) deleteLeadActivity(c *gin.Context) { s.changeLeadActivity(c, true) }

type noteInput struct {
	Text string `json:"text"`
}

func (s *server) listLeadNotes(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	if _, err := s.store.GetLead(c, id); err != nil {
		fail(c, err)
		return
	}
	ns, err := s.store.ListLeadNotes(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, domain.Page[domain.LeadNote]{Items: ns})
}

func (s *server) addLeadNote(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	var in noteInput
	if !bind(c, &in) {
		return
	}
	n := domain.LeadNote{ID: uuid.NewString(), LeadID: id, Text: in.Text}
	if err := n.Validate(); err != nil {
		fail(c, err)
		return
	}
	n, err := s.store.AddLeadNote(c, n, currentUser(c).ID)
	reply(c, http.StatusCreated, n, err)
}

func (s *server) updateLeadNote(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	nid, ok := pathID(c, "nid")
	if !ok {
		return
	}
	var in noteInput
	if !bind(c, &in) {
		return
	}
	if err := (domain.LeadNote{Text: in.Text}).Validate(); err != nil {
		fail(c, err)
		return
	}
	n, err := s.store.ChangeLeadNote(c, id, nid, currentUser(c).ID, &in.Text)
	reply(c, http.StatusOK, n, err)
}

func (s *server) deleteLeadNote(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	nid, ok := pathID(c, "nid")
	if !ok {
		return
	}
	if _, err := s.store.ChangeLeadNote(c, id, nid, currentUser(c).ID, nil); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
