package app

import (
	"context"
	"encoding/json"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// CampaignRecord is a campaign as both front ends show it: the record and
// how many participants it has.
type CampaignRecord struct {
	domain.Campaign
	Participants int `json:"participants"`
}

// Campaign reads one campaign with its participant count.
func (s *Service) Campaign(ctx context.Context, actor domain.User, id string) (CampaignRecord, error) {
	camp, err := s.st.GetCampaign(ctx, id)
	if err != nil {
		return CampaignRecord{}, err
	}
	n, err := s.st.CountParticipants(ctx, id)
	if err != nil {
		return CampaignRecord{}, err
	}
	return CampaignRecord{Campaign: camp, Participants: n}, nil
}

// ListCampaigns is one keyset page of the campaigns the actor may see,
// searched, filtered and sorted as params say.
func (s *Service) ListCampaigns(ctx context.Context, actor domain.User, params domain.CampaignListParams) (store.CampaignPage, error) {
	f, err := params.Filter()
	if err != nil {
		return store.CampaignPage{}, err
	}
	f.Viewer = actor
	return s.st.CampaignPage(ctx, f)
}

// CreateCampaign adds a campaign in planning, created by the actor, with
// the default workflow template's definition and a first Draft version.
func (s *Service) CreateCampaign(ctx context.Context, actor domain.User, in domain.CampaignInput) (CampaignRecord, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return CampaignRecord{}, err
	}
	id, err := s.st.CreateCampaignWithDefaults(ctx, actor.ID, in)
	if err != nil {
		return CampaignRecord{}, err
	}
	return s.Campaign(ctx, actor, id)
}

// UpdateCampaign applies a partial update (the fields to change; JSON null
// clears an optional one) under the campaign's row lock, so concurrent
// edits never lose each other's fields. The stage is never settable.
func (s *Service) UpdateCampaign(ctx context.Context, actor domain.User, id string, patch map[string]json.RawMessage) (CampaignRecord, error) {
	err := s.st.UpdateCampaign(ctx, id, func(cur domain.Campaign) (domain.CampaignInput, error) {
		return cur.Input().ApplyPatch(patch)
	})
	if err != nil {
		return CampaignRecord{}, err
	}
	return s.Campaign(ctx, actor, id)
}

// CampaignAccess decides whether the actor may open a campaign: one they
// may not see is domain.ErrNotFound, as if it did not exist; a write
// (write true) to a deleted campaign is refused, since it is read-only for
// ever. It is the check of every page and route under a campaign.
func (s *Service) CampaignAccess(ctx context.Context, actor domain.User, id string, write bool) error {
	if !domain.IsUUID(id) {
		return domain.ErrNotFound
	}
	visible, status, err := s.st.CampaignAccess(ctx, id, actor)
	switch {
	case err != nil:
		return err
	case !visible:
		return domain.ErrNotFound
	case write:
		return status.CampaignWritable()
	}
	return nil
}
