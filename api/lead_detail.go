package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// leadDetailRoutes: a lead's activities and notes.
func (s *server) leadDetailRoutes(g *gin.RouterGroup) {
	g.GET("/:id/activities", listOf(leadID, s.app.LeadActivities, func(a domain.LeadActivity) string { return a.ID }))
	g.POST("/:id/activities", withBody(http.StatusCreated, leadID, s.app.AddLeadActivity))
	g.PATCH("/:id/activities/:aid", changeLeadChild("aid", s.app.ChangeLeadActivity))
	g.DELETE("/:id/activities/:aid", deleteLeadChild("aid", s.app.DeleteLeadActivity))
	g.GET("/:id/notes", listOf(leadID, s.app.LeadNotes, func(n domain.LeadNote) string { return n.ID }))
	g.POST("/:id/notes", withBody(http.StatusCreated, leadID, s.app.AddLeadNote))
	g.PATCH("/:id/notes/:nid", changeLeadChild("nid", s.app.ChangeLeadNote))
	g.DELETE("/:id/notes/:nid", deleteLeadChild("nid", s.app.DeleteLeadNote))
	// The files printed for a lead (download each at
	// /api/v1/generated-documents/{id}/file).
	g.GET("/:id/documents", listOf(leadID, s.app.LeadDocuments, func(d domain.GeneratedDocument) string { return d.ID }))
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

// changeLeadChild decodes the body strictly (bind) and answers 200 with
// the activity or note (path parameter name) of the lead that change made
// of it.
func changeLeadChild[In, Out any](name string, change func(context.Context, domain.User, int64, string, In) (Out, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, child, ok := leadChild(c, name)
		if !ok {
			return
		}
		var in In
		if !bind(c, &in) {
			return
		}
		v, err := change(c, currentUser(c), id, child, in)
		reply(c, http.StatusOK, v, err)
	}
}

// deleteLeadChild answers 204 once del has deleted the lead's activity or
// note (path parameter name).
func deleteLeadChild(name string, del func(context.Context, domain.User, int64, string) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, child, ok := leadChild(c, name)
		if !ok {
			return
		}
		noContent(c, del(c, currentUser(c), id, child))
	}
}
