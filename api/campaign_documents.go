package api

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// campaignDocuments lists the campaign folder's documents (the Documents tab).
func (s *server) campaignDocuments(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	camp, err := s.store.GetCampaign(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	docs := []domain.Document{}
	if camp.FolderID != "" {
		if docs, err = s.store.FolderDocuments(c, camp.FolderID); err != nil {
			fail(c, err)
			return
		}
	}
	c.JSON(http.StatusOK, page[domain.Document]{Items: docs})
}

// documentEmailInput is the body of POST .../documents/{doc_id}/email; no
// participant ids means every participant.
type documentEmailInput struct {
	ParticipantIDs []string `json:"participant_ids"`
}

// emailCampaignDocument emails a document of the campaign's folder to
// participants as an "Email Campaign Document" batch process (202).
func (s *server) emailCampaignDocument(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	docID, ok := pathID(c, "doc_id")
	if !ok {
		return
	}
	var in documentEmailInput
	if c.Request.ContentLength != 0 && !bind(c, &in) {
		return
	}
	var v domain.Validator
	v.Check(len(in.ParticipantIDs) <= app.MaxAddBatch, "participant_ids", "at most %d participants per request", app.MaxAddBatch)
	for i, pid := range in.ParticipantIDs {
		v.Check(domain.IsUUID(pid), fmt.Sprintf("participant_ids[%d]", i), "is not a participant id")
	}
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	camp, err := s.store.GetCampaign(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	doc, err := s.store.GetDocument(c, docID)
	if err != nil || camp.FolderID == "" || doc.FolderID != camp.FolderID {
		problem(c, http.StatusNotFound, "not-found", "Not found", "the campaign's folder has no such document")
		return
	}
	if camp.Stage == domain.StageCancelled {
		fail(c, &domain.ConflictError{Reason: "the campaign is cancelled, which is final: nothing more is sent for it"})
		return
	}
	ids := in.ParticipantIDs
	if len(ids) == 0 {
		if ids, err = s.store.ParticipantIDs(c, id); err != nil {
			fail(c, err)
			return
		}
		if len(ids) == 0 {
			fail(c, &domain.ConflictError{Reason: "the campaign has no participants to email"})
			return
		}
	}
	b, err := s.startBatch(c, domain.BatchEmailCampaignDocument, activities.DocumentEmailParams{CampaignID: id, DocumentID: docID}, ids)
	if err != nil {
		fail(c, err)
		return
	}
	acceptBatch(c, b)
}
