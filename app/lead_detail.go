package app

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// A lead's activities and notes. Each change is written with its audit
// entry in one transaction, under the lead's lock.

// ActivityInput is an activity to add, or the fields of one to change (nil
// leaves a field as it is).
type ActivityInput struct {
	Kind    *string    `json:"kind"`
	Subject *string    `json:"subject"`
	Details *string    `json:"details"`
	DueAt   *time.Time `json:"due_at"`
	Done    *bool      `json:"done"`
}

// apply writes the input's fields onto an activity.
func (in ActivityInput) apply(a *domain.LeadActivity) {
	if in.Kind != nil {
		a.Kind = *in.Kind
	}
	if in.Subject != nil {
		a.Subject = *in.Subject
	}
	if in.Details != nil {
		a.Details = *in.Details
	}
	if in.DueAt != nil {
		a.DueAt = in.DueAt
	}
	if in.Done != nil {
		a.Done = *in.Done
	}
}

// LeadActivities lists a lead's activities, oldest first.
func (s *Service) LeadActivities(ctx context.Context, actor domain.User, leadID int64) ([]domain.LeadActivity, error) {
	if _, err := s.st.GetLead(ctx, leadID); err != nil {
		return nil, err
	}
	return s.st.ListLeadActivities(ctx, leadID)
}

// AddLeadActivity adds an activity to a lead.
func (s *Service) AddLeadActivity(ctx context.Context, actor domain.User, leadID int64, in ActivityInput) (domain.LeadActivity, error) {
	a := domain.LeadActivity{ID: uuid.NewString(), LeadID: leadID}
	in.apply(&a)
	if err := a.Validate(); err != nil {
		return a, err
	}
	return s.st.AddLeadActivity(ctx, a, actor.ID)
}

// ChangeLeadActivity changes the fields of a lead's activity.
func (s *Service) ChangeLeadActivity(ctx context.Context, actor domain.User, leadID int64, id string, in ActivityInput) (domain.LeadActivity, error) {
	return s.st.ChangeLeadActivity(ctx, leadID, id, actor.ID, func(a *domain.LeadActivity) (bool, error) {
		in.apply(a)
		return false, a.Validate()
	})
}

// DeleteLeadActivity deletes a lead's activity.
func (s *Service) DeleteLeadActivity(ctx context.Context, actor domain.User, leadID int64, id string) error {
	_, err := s.st.ChangeLeadActivity(ctx, leadID, id, actor.ID, func(*domain.LeadActivity) (bool, error) { return true, nil })
	return err
}

// NoteInput is the text of a note.
type NoteInput struct {
	Text string `json:"text"`
}

// LeadNotes lists a lead's notes, oldest first.
func (s *Service) LeadNotes(ctx context.Context, actor domain.User, leadID int64) ([]domain.LeadNote, error) {
	if _, err := s.st.GetLead(ctx, leadID); err != nil {
		return nil, err
	}
	return s.st.ListLeadNotes(ctx, leadID)
}

// AddLeadNote adds a note to a lead.
func (s *Service) AddLeadNote(ctx context.Context, actor domain.User, leadID int64, in NoteInput) (domain.LeadNote, error) {
	n := domain.LeadNote{ID: uuid.NewString(), LeadID: leadID, Text: in.Text}
	if err := n.Validate(); err != nil {
		return n, err
	}
	return s.st.AddLeadNote(ctx, n, actor.ID)
}

// ChangeLeadNote changes the text of a lead's note.
func (s *Service) ChangeLeadNote(ctx context.Context, actor domain.User, leadID int64, id string, in NoteInput) (domain.LeadNote, error) {
	if err := (domain.LeadNote{Text: in.Text}).Validate(); err != nil {
		return domain.LeadNote{}, err
	}
	return s.st.ChangeLeadNote(ctx, leadID, id, actor.ID, &in.Text)
}

// DeleteLeadNote deletes a lead's note.
func (s *Service) DeleteLeadNote(ctx context.Context, actor domain.User, leadID int64, id string) error {
	_, err := s.st.ChangeLeadNote(ctx, leadID, id, actor.ID, nil)
	return err
}

// LeadDocuments lists the files printed for a lead, oldest first.
func (s *Service) LeadDocuments(ctx context.Context, actor domain.User, leadID int64) ([]domain.GeneratedDocument, error) {
	if _, err := s.st.GetLead(ctx, leadID); err != nil {
		return nil, err
	}
	return s.st.LeadGeneratedDocuments(ctx, leadID)
}
