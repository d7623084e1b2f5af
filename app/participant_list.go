package app

import (
	"context"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// ListParticipants reads one page of a campaign's participants, all of
// them or those in one status, in id order (the API's list and the
// Participants tab). The caller has checked the campaign's visibility; an
// unknown campaign is domain.ErrNotFound.
func (s *Service) ListParticipants(ctx context.Context, campaignID, status string, r domain.PageRequest) (domain.Page[domain.Participant], error) {
	after, err := domain.DecodeIDCursor(r.Cursor)
	if err != nil {
		return domain.Page[domain.Participant]{}, err
	}
	if _, err := s.st.GetCampaign(ctx, campaignID); err != nil {
		return domain.Page[domain.Participant]{}, err
	}
	var ps []domain.Participant
	if status != "" {
		ps, err = s.st.ListParticipantsWithStatus(ctx, campaignID, status, after, r.Limit+1)
	} else {
		ps, err = s.st.ListParticipants(ctx, campaignID, after, r.Limit+1)
	}
	return domain.PageOf(ps, r.Limit, func(last domain.Participant) string { return domain.IDCursor(last.ID) }), err
}
