package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// previewRoutes renders a template for a chosen recipient, as its email
// would be filled: POST /campaigns/{id}/preview for a participant (the
// campaign's access rules apply), POST /leads/{id}/preview for a lead.
func (s *server) previewRoutes(v1 *gin.RouterGroup) {
	v1.POST("/campaigns/:id/preview", s.previewForParticipant)
	v1.POST("/leads/:id/preview", require(domain.PrivLeads), s.previewForLead)
}

func (s *server) previewForParticipant(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in app.PreviewInput
	if !bind(c, &in) {
		return
	}
	p, err := s.app.PreviewForParticipant(c, currentUser(c), id, in)
	reply(c, http.StatusOK, p, err)
}

func (s *server) previewForLead(c *gin.Context) {
	id, ok := leadID(c)
	if !ok {
		return
	}
	var in app.PreviewInput
	if !bind(c, &in) {
		return
	}
	p, err := s.app.PreviewForLead(c, currentUser(c), id, in)
	reply(c, http.StatusOK, p, err)
}
