package app

import (
	"context"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// CreateDripCampaign adds a drip campaign definition: its steps, trigger
// criteria and sender.
func (s *Service) CreateDripCampaign(ctx context.Context, actor domain.User, in domain.DripCampaignInput) (domain.DripCampaign, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.DripCampaign{}, err
	}
	id := uuid.NewString()
	if err := s.st.CreateDripCampaign(ctx, id, actor.ID, in); err != nil {
		return domain.DripCampaign{}, err
	}
	return s.st.GetDripCampaign(ctx, id)
}

// ChangeDripCampaign replaces a definition. Running enrollments keep the
// steps they started with (their workflow's input holds them); new starts
// and triggers use the new ones.
func (s *Service) ChangeDripCampaign(ctx context.Context, actor domain.User, id string, in domain.DripCampaignInput) (domain.DripCampaign, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.DripCampaign{}, err
	}
	if err := s.st.UpdateDripCampaign(ctx, id, in); err != nil {
		return domain.DripCampaign{}, err
	}
	return s.st.GetDripCampaign(ctx, id)
}

// DeleteDripCampaign deletes a definition with its finished and removed
// enrollments. It is refused (409) while any enrollment is scheduled,
// active or paused: the enrollments' workflows write those statuses to
// PostgreSQL, and the store counts them under a lock of the campaign in the
// delete's transaction (a start recorded after the delete finds the
// campaign gone, and its workflow ends). Deactivating (active: false)
// stops new starts and triggers instead.
func (s *Service) DeleteDripCampaign(ctx context.Context, actor domain.User, id string) error {
	return s.st.DeleteDripCampaign(ctx, id)
}
