package app

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/documents"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// LeadEmailFolderID is the Document Manager folder that keeps the files
// uploaded with a batch email (created on first use), so that every
// attachment is a document, as the batch's email handler expects.
const LeadEmailFolderID = "00000000-0000-4000-8000-0000000e3a11"

// Upload is a file sent with a form.
type Upload struct {
	Name string
	Data []byte
}

// LeadEmailInput is a batch email to leads: the leads, the email (subject,
// HTML body with merge tokens, documents to attach) and files uploaded to
// attach as well (the web form's; the JSON API names documents only).
type LeadEmailInput struct {
	LeadIDs
	domain.LeadEmail
	Files []Upload `json:"-"`
}

// BatchEmailLeads starts a "Lead Batch Email" batch process: one merged
// email per lead, each with a result. Uploaded files are kept as documents
// first, once everything else has been checked.
func (s *Service) BatchEmailLeads(ctx context.Context, actor domain.User, in LeadEmailInput) (domain.Batch, error) {
	e := in.LeadEmail
	uploads := make([]domain.Document, len(in.Files))
	for i, f := range in.Files {
		uploads[i] = domain.Document{ID: uuid.NewString(), FolderID: LeadEmailFolderID, Name: f.Name,
			AttachmentName: f.Name, AttachmentType: domain.AttachmentType(f.Name), Attachment: f.Data}
		e.AttachmentIDs = append(e.AttachmentIDs[:len(e.AttachmentIDs):len(e.AttachmentIDs)], uploads[i].ID)
	}
	var v domain.Validator
	in.check(&v)
	addFields(&v, "", "", e.Validate())
	for _, id := range in.AttachmentIDs {
		if !domain.IsUUID(id) {
			continue // reported by Validate
		}
		d, err := s.st.GetDocument(ctx, id)
		switch {
		case errors.Is(err, domain.ErrNotFound):
			v.Add("attachment_document_ids", "document %s does not exist", id)
		case err != nil:
			return domain.Batch{}, err
		case len(d.Attachment) == 0 || !domain.EmailAttachmentAllowed(d.AttachmentName):
			v.Add("attachment_document_ids", "document %s must carry a Word, PDF or CSV file", id)
		}
	}
	for _, d := range uploads {
		if !domain.EmailAttachmentAllowed(d.AttachmentName) {
			v.Add("attachments", "%s: attach Word, PDF or CSV files", d.AttachmentName)
			continue
		}
		addFields(&v, "attachments", d.AttachmentName+": ", documents.CheckDocument(d))
	}
	if err := v.Err(); err != nil {
		return domain.Batch{}, err
	}
	if len(uploads) > 0 {
		if err := s.emailFolder(ctx); err != nil {
			return domain.Batch{}, err
		}
	}
	for _, d := range uploads {
		if err := s.st.CreateDocument(ctx, d); err != nil {
			return domain.Batch{}, err
		}
	}
	return s.StartBatch(ctx, actor, domain.BatchLeadEmail, e, in.items())
}

// emailFolder makes sure the folder of uploaded attachments exists.
func (s *Service) emailFolder(ctx context.Context) error {
	_, err := s.st.GetFolder(ctx, LeadEmailFolderID)
	if !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	err = s.st.CreateFolder(ctx, domain.Folder{ID: LeadEmailFolderID, Name: "Batch email attachments", PageSize: domain.PageA4})
	if err != nil {
		// Another request may have created it in the meantime.
		if _, again := s.st.GetFolder(ctx, LeadEmailFolderID); again == nil {
			return nil
		}
	}
	return err
}

// addFields records the field errors of err (a *domain.ValidationError) in
// v: under field when one is given (else each under its own), each message
// after prefix.
func addFields(v *domain.Validator, field, prefix string, err error) {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		if err != nil {
			v.Add(field, "%s%s", prefix, err.Error())
		}
		return
	}
	for _, f := range ve.Fields {
		name := f.Field
		if field != "" {
			name = field
		}
		v.Add(name, "%s%s", prefix, f.Message)
	}
}

// LeadPrintInput prints a document for each lead; Format is pdf or docx
// (docx needs a Word template), "" for the document's own.
type LeadPrintInput struct {
	LeadIDs
	DocumentID string `json:"document_id"`
	Format     string `json:"format"`
}

// BatchPrintLeads starts a "Lead Batch Print" batch process: the document
// filled for each lead, kept and downloadable, one print job for the batch.
func (s *Service) BatchPrintLeads(ctx context.Context, actor domain.User, in LeadPrintInput) (domain.Batch, error) {
	var v domain.Validator
	in.check(&v)
	params := activities.LeadPrintParams{DocumentID: in.DocumentID}
	if !domain.IsUUID(in.DocumentID) {
		v.Add("document_id", "is required and must be a document id")
	} else if doc, err := s.st.GetDocument(ctx, in.DocumentID); errors.Is(err, domain.ErrNotFound) {
		v.Add("document_id", "document %s does not exist", in.DocumentID)
	} else if err != nil {
		return domain.Batch{}, err
	} else {
		var ferr error
		params.Format, ferr = doc.PrintFormat(in.Format)
		addFields(&v, "", "", ferr)
	}
	if err := v.Err(); err != nil {
		return domain.Batch{}, err
	}
	return s.StartBatch(ctx, actor, domain.BatchLeadPrint, params, in.items())
}
