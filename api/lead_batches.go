package api

import (
	"errors"
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// batchEmailLeads sends a merged email to each selected lead as a batch
// process with a result per lead.
func (s *server) batchEmailLeads(c *gin.Context) {
	var in struct {
		leadIDsInput
		domain.LeadEmail
	}
	if !bind(c, &in) {
		return
	}
	var v domain.Validator
	in.check(&v)
	err := in.LeadEmail.Validate()
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			v.Add(f.Field, "%s", f.Message)
		}
	}
	for _, id := range in.AttachmentIDs {
		if !domain.IsUUID(id) {
			continue
		}
		d, err := s.store.GetDocument(c, id)
		switch {
		case errors.Is(err, domain.ErrNotFound):
			v.Add("attachment_document_ids", "document %s does not exist", id)
		case err != nil:
			fail(c, err)
			return
		case len(d.Attachment) == 0 || !domain.EmailAttachmentAllowed(d.AttachmentName):
			v.Add("attachment_document_ids", "document %s must carry a Word, PDF or CSV file", id)
		}
	}
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	b, err := s.startBatch(c, domain.BatchLeadEmail, in.LeadEmail, leadItems(in.LeadIDs))
	if err != nil {
		fail(c, err)
		return
	}
	acceptBatch(c, b)
}

// batchPrintLeads renders a document for each selected lead as one merged
// PDF, kept and downloadable, as a batch process.
func (s *server) batchPrintLeads(c *gin.Context) {
	var in struct {
		leadIDsInput
		DocumentID string `json:"document_id"`
		// Format is pdf or docx (docx needs a Word template); "" is the document's own.
		Format string `json:"format"`
	}
	if !bind(c, &in) {
		return
	}
	var v domain.Validator
	var ve *domain.ValidationError
	in.check(&v)
	params := activities.LeadPrintParams{DocumentID: in.DocumentID}
	if !domain.IsUUID(in.DocumentID) {
		v.Add("document_id", "is required and must be a document id")
	} else if doc, err := s.store.GetDocument(c, in.DocumentID); errors.Is(err, domain.ErrNotFound) {
		v.Add("document_id", "%s", fmt.Sprintf("document %s does not exist", in.DocumentID))
	} else if err != nil {
		fail(c, err)
		return
	} else if params.Format, err = doc.PrintFormat(in.Format); errors.As(err, &ve) {
		v.Add("format", "%s", ve.Fields[0].Message)
	}
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	b, err := s.startBatch(c, domain.BatchLeadPrint, params, leadItems(in.LeadIDs))
	if err != nil {
		fail(c, err)
		return
	}
	acceptBatch(c, b)
}
