package app

import (
	"context"
	"errors"
	"strings"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// PreviewInput is a template to render for one recipient: a subject and a
// body, or a document (its subject, else its name, and its body).
// ParticipantID names the recipient of a campaign preview.
type PreviewInput struct {
	ParticipantID string `json:"participant_id"`
	Subject       string `json:"subject"`
	Body          string `json:"body"`
	DocumentID    string `json:"document_id"`
}

// Preview is a template rendered as its recipient would receive it, with
// the variables the template may use.
type Preview struct {
	Subject   string   `json:"subject"`
	Text      string   `json:"text"`
	HTML      string   `json:"html,omitempty"`
	Variables []string `json:"variables"`
}

// check checks the input's shape and its template against the scope (a
// syntax error or an unknown variable is a 422 naming it).
func (in PreviewInput) check(scope domain.TemplateScope, needParticipant bool) error {
	var v domain.Validator
	if needParticipant {
		v.Check(domain.IsUUID(in.ParticipantID), "participant_id", "must be a participant id of this campaign")
	} else {
		v.Check(in.ParticipantID == "", "participant_id", "a lead preview renders for the lead of the path")
	}
	switch {
	case in.DocumentID != "":
		v.Check(domain.IsUUID(in.DocumentID), "document_id", "must be a document id")
		v.Check(in.Subject == "" && in.Body == "", "document_id", "give a document_id or a subject and body, not both")
	default:
		v.Check(strings.TrimSpace(in.Subject+in.Body) != "", "body", "give a subject and body, or a document_id")
		v.MaxLen("subject", in.Subject, domain.MaxSubject)
		v.MaxBytes("body", in.Body, domain.MaxBody)
		v.Template("subject", in.Subject, scope)
		v.Template("body", in.Body, scope)
	}
	return v.Err()
}

// PreviewForParticipant renders a campaign email template (or a document of
// the campaign's folder) for one of its participants, with the values its
// email would be filled with.
func (s *Service) PreviewForParticipant(ctx context.Context, actor domain.User, campaignID string, in PreviewInput) (Preview, error) {
	if err := in.check(domain.CampaignScope, true); err != nil {
		return Preview{}, err
	}
	camp, err := s.st.GetCampaign(ctx, campaignID)
	if err != nil {
		return Preview{}, err
	}
	p, err := s.st.GetParticipant(ctx, campaignID, in.ParticipantID)
	if errors.Is(err, domain.ErrNotFound) {
		return Preview{}, fieldError("participant_id", "is not a participant of this campaign")
	}
	if err != nil {
		return Preview{}, err
	}
	contact, err := s.st.GetContactProfile(ctx, p.ContactID)
	if err != nil {
		return Preview{}, err
	}
	subject, body, err := s.previewTemplate(ctx, in, camp.FolderID, true)
	if err != nil {
		return Preview{}, err
	}
	return renderPreview(subject, body, domain.MergeValues(contact.Contact, camp.Name), domain.CampaignScope), nil
}

// PreviewForLead renders a lead email template (or a document) for one
// lead, as lead batch email fills it.
func (s *Service) PreviewForLead(ctx context.Context, actor domain.User, leadID int64, in PreviewInput) (Preview, error) {
	if err := in.check(domain.LeadScope, false); err != nil {
		return Preview{}, err
	}
	l, err := s.st.GetLead(ctx, leadID)
	if err != nil {
		return Preview{}, err
	}
	subject, body, err := s.previewTemplate(ctx, in, "", false)
	if err != nil {
		return Preview{}, err
	}
	return renderPreview(subject, body, domain.LeadMergeValues(l), domain.LeadScope), nil
}

// previewTemplate is the input's subject and body, or its document's. A
// campaign's document must be in the campaign's folder, as its emails'.
func (s *Service) previewTemplate(ctx context.Context, in PreviewInput, folderID string, inFolder bool) (string, string, error) {
	if in.DocumentID == "" {
		return in.Subject, in.Body, nil
	}
	d, err := s.st.GetDocument(ctx, in.DocumentID)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && inFolder && (folderID == "" || d.FolderID != folderID)) {
		return "", "", fieldError("document_id", "is not a document of the campaign's folder")
	}
	if err != nil {
		return "", "", err
	}
	subject := d.Subject
	if strings.TrimSpace(subject) == "" {
		subject = d.Name
	}
	return subject, d.Body, nil
}

// renderPreview fills a template as its email would be filled.
func renderPreview(subject, body string, values map[string]string, scope domain.TemplateScope) Preview {
	e := domain.RenderEmail(subject, body, values)
	return Preview{Subject: e.Subject, Text: e.Text, HTML: e.HTML, Variables: scope.Names()}
}
