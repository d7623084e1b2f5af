package api

import (
	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// documentKey is a document's key in a page of them.
func documentKey(d domain.Document) string { return d.ID }

// emailCampaignDocument emails a document of the campaign's folder to
// participants as an "Email Campaign Document" batch process (202,
// app.EmailCampaignDocument); no body means every participant.
func (s *server) emailCampaignDocument(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	docID, ok := pathID(c, "doc_id")
	if !ok {
		return
	}
	var in app.DocumentEmailInput
	if c.Request.ContentLength != 0 && !bind(c, &in) {
		return
	}
	b, err := s.app.EmailCampaignDocument(c, currentUser(c), id, docID, in)
	if err != nil {
		fail(c, err)
		return
	}
	acceptBatch(c, b)
}
