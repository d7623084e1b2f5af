package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// participantRoutes serves a campaign's participant changes, its Documents
// tab and its batch status updates (g is /campaigns/:id).
func (s *server) participantRoutes(g *gin.RouterGroup) {
	g.PATCH("/participants/:pid", s.patchParticipant)
	g.DELETE("/participants/:pid", s.removeParticipant)
	// Removes every participant of a campaign (app.RemoveAllParticipants).
	g.DELETE("/participants", callByID(http.StatusOK, s.app.RemoveAllParticipants))
	g.POST("/participants/status", s.batchParticipantStatus)
	// The campaign folder's documents, the Documents tab (app.CampaignDocuments).
	g.GET("/documents", listOf(idPath, s.app.CampaignDocuments, documentKey))
	g.POST("/documents/:doc_id/email", s.emailCampaignDocument)
}

// patchParticipant changes one participant's status or owner (app.ChangeParticipant).
func (s *server) patchParticipant(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	pid, ok := pathID(c, "pid")
	if !ok {
		return
	}
	var in domain.ParticipantChange
	if !bind(c, &in) {
		return
	}
	p, err := s.app.ChangeParticipant(c, currentUser(c), id, pid, in)
	reply(c, http.StatusOK, p, err)
}

// removeParticipant removes one participant (app.RemoveParticipant).
func (s *server) removeParticipant(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	pid, ok := pathID(c, "pid")
	if !ok {
		return
	}
	if err := s.app.RemoveParticipant(c, currentUser(c), id, pid); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// batchParticipantStatus starts an "Update Campaign Participant Status"
// batch process and answers 202 with it (app.BatchParticipantStatus).
func (s *server) batchParticipantStatus(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in app.StatusBatchInput
	if !bind(c, &in) {
		return
	}
	b, err := s.app.BatchParticipantStatus(c, currentUser(c), id, in)
	if err != nil {
		fail(c, err)
		return
	}
	acceptBatch(c, b)
}
