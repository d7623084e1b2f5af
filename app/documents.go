package app

import (
	"context"
	"fmt"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// CampaignDocuments lists the documents of the campaign's folder (its
// Documents tab); a campaign without a folder has none.
func (s *Service) CampaignDocuments(ctx context.Context, actor domain.User, campaignID string) ([]domain.Document, error) {
	camp, err := s.st.GetCampaign(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	if camp.FolderID == "" {
		return []domain.Document{}, nil
	}
	return s.st.FolderDocuments(ctx, camp.FolderID)
}

// DocumentEmailInput names the participants a campaign document is emailed
// to; none means every participant.
type DocumentEmailInput struct {
	ParticipantIDs []string `json:"participant_ids"`
}

// Validate checks the input's shape.
func (in DocumentEmailInput) Validate() error {
	var v domain.Validator
	v.Check(len(in.ParticipantIDs) <= MaxAddBatch, "participant_ids", "at most %d participants per request", MaxAddBatch)
	for i, pid := range in.ParticipantIDs {
		v.Check(domain.IsUUID(pid), fmt.Sprintf("participant_ids[%d]", i), "is not a participant id")
	}
	return v.Err()
}

// EmailCampaignDocument emails a document of the campaign's folder to
// participants as an "Email Campaign Document" batch process and returns
// the batch. A document outside the folder is not found; a cancelled
// campaign sends nothing; a campaign without participants has nobody to
// email. Each item is decided when the batch runs (a stranger, or a
// participant without an address, is a failed item).
func (s *Service) EmailCampaignDocument(ctx context.Context, actor domain.User, campaignID, docID string, in DocumentEmailInput) (domain.Batch, error) {
	if err := in.Validate(); err != nil {
		return domain.Batch{}, err
	}
	camp, err := s.st.GetCampaign(ctx, campaignID)
	if err != nil {
		return domain.Batch{}, err
	}
	doc, err := s.st.GetDocument(ctx, docID)
	if err != nil || camp.FolderID == "" || doc.FolderID != camp.FolderID {
		return domain.Batch{}, domain.ErrNotFound
	}
	if camp.Stage == domain.StageCancelled {
		return domain.Batch{}, &domain.ConflictError{Reason: "the campaign is cancelled, which is final: nothing more is sent for it"}
	}
	ids := in.ParticipantIDs
	if len(ids) == 0 {
		if ids, err = s.st.ParticipantIDs(ctx, campaignID); err != nil {
			return domain.Batch{}, err
		}
		if len(ids) == 0 {
			return domain.Batch{}, &domain.ConflictError{Reason: "the campaign has no participants to email"}
		}
	}
	params := activities.DocumentEmailParams{CampaignID: campaignID, DocumentID: docID}
	return s.StartBatch(ctx, actor, domain.BatchEmailCampaignDocument, params, ids)
}
