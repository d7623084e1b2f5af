package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
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

// listLeadDocuments lists the files printed for a lead (download each at
// /api/v1/generated-documents/{id}/file).
func (s *server) listLeadDocuments(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	docs, err := s.app.LeadDocuments(c, currentUser(c), id)
	reply(c, http.StatusOK, page[domain.GeneratedDocument]{Items: docs}, err)
}

func (s *server) listLeadActivities(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	as, err := s.app.LeadActivities(c, currentUser(c), id)
	reply(c, http.StatusOK, page[domain.LeadActivity]{Items: as}, err)
}

func (s *server) addLeadActivity(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	var in app.ActivityInput
	if !bind(c, &in) {
		return
	}
	a, err := s.app.AddLeadActivity(c, currentUser(c), id, in)
	reply(c, http.StatusCreated, a, err)
}

// leadChild reads the path of a lead's activity or note: the lead id and
// the child's id (the path parameter name).
func leadChild(c *gin.Context, name string) (int64, string, bool) {
	id, ok := leadID(c)
	if !ok {
		return 0, "", false
	}
	child, ok := pathID(c, name)
	return id, child, ok
}

func (s *server) updateLeadActivity(c *gin.Context) {
	id, aid, ok := leadChild(c, "aid")
	if !ok {
		return
	}
	var in app.ActivityInput
	if !bind(c, &in) {
		return
	}
	a, err := s.app.ChangeLeadActivity(c, currentUser(c), id, aid, in)
	reply(c, http.StatusOK, a, err)
}

func (s *server) deleteLeadActivity(c *gin.Context) {
	id, aid, ok := leadChild(c, "aid")
	if !ok {
		return
	}
	noContent(c, s.app.DeleteLeadActivity(c, currentUser(c), id, aid))
}

func (s *server) listLeadNotes(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	ns, err := s.app.LeadNotes(c, currentUser(c), id)
	reply(c, http.StatusOK, page[domain.LeadNote]{Items: ns}, err)
}

func (s *server) addLeadNote(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	var in app.NoteInput
	if !bind(c, &in) {
		return
	}
	n, err := s.app.AddLeadNote(c, currentUser(c), id, in)
	reply(c, http.StatusCreated, n, err)
}

func (s *server) updateLeadNote(c *gin.Context) {
	id, nid, ok := leadChild(c, "nid")
	if !ok {
		return
	}
	var in app.NoteInput
	if !bind(c, &in) {
		return
	}
	n, err := s.app.ChangeLeadNote(c, currentUser(c), id, nid, in)
	reply(c, http.StatusOK, n, err)
}

func (s *server) deleteLeadNote(c *gin.Context) {
	id, nid, ok := leadChild(c, "nid")
	if !ok {
		return
	}
	noContent(c, s.app.DeleteLeadNote(c, currentUser(c), id, nid))
}

// noContent answers 204, or the problem err describes.
func noContent(c *gin.Context, err error) {
	if err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
