package app

import (
	"context"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// EraseContact erases a contact's personal data (GDPR). Its processes end
// first, so none of them writes about it afterwards: each drip enrollment
// is removed (RemoveDrip: its workflow's validator decides while it runs)
// and its workflow awaited, and each campaign participation's workflow is
// told the participant was removed and awaited. Then one transaction
// (store.EraseContact) lists its address as suppressed, ends its unsent
// messages, deletes its documents and blanks every text that names it,
// keeping the rows that campaign charts and pipelines count.
//
// An unknown or already erased contact is domain.ErrNotFound. A workflow
// still ending after its wait answers a conflict with nothing erased yet,
// so the request can be repeated; so can one that failed halfway (the
// processes it ended stay ended). Once begun, it goes on even when the
// caller goes away.
func (s *Service) EraseContact(ctx context.Context, actor domain.User, id string) error {
	if _, err := s.st.GetContact(ctx, id); err != nil {
		return err
	}
	ctx = detached(ctx)
	enrollments, err := s.st.ListDripEnrollments(ctx, id)
	if err != nil {
		return err
	}
	for _, e := range enrollments {
		if e.Status != domain.DripRemoved {
			if _, err := s.RemoveDrip(ctx, actor, id, e.CampaignID); err != nil {
				return err
			}
		}
		if err := s.wf.Drips.AwaitEnded(ctx, e.CampaignID, id, workflows.DripEndWait); err != nil {
			return err
		}
	}
	parts, err := s.st.ContactParticipations(ctx, id)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if err := s.wf.Participants.Remove(ctx, p.CampaignID, actor.ID, []string{p.ParticipantID}); err != nil {
			return err
		}
	}
	for _, p := range parts {
		if err := s.wf.Participants.AwaitEnded(ctx, p.CampaignID, p.ParticipantID, workflows.ParticipantEndWait); err != nil {
			return err
		}
	}
	return s.st.EraseContact(ctx, id)
}
