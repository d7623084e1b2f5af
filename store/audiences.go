package store

import (
	"context"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// GetCampaignSettings reads a campaign's operational settings.
func (s *Store) GetCampaignSettings(ctx context.Context, campaignID string) (domain.CampaignSettings, error) {
	var out domain.CampaignSettings
	err := s.pool.QueryRow(ctx, q("get_campaign_settings"), campaignID).Scan(&out.TestRecipients,
		&out.AudienceIntervalSeconds, &out.AudiencePaused)
	return out, notFound(err)
}

// SetCampaignSettings replaces a campaign's operational settings.
func (s *Store) SetCampaignSettings(ctx context.Context, campaignID string, in domain.CampaignSettings) error {
	tag, err := s.pool.Exec(ctx, q("set_campaign_settings"), campaignID, in.TestRecipients, in.AudienceIntervalSeconds, in.AudiencePaused)
	if err == nil && tag.RowsAffected() == 0 {
		return domain.ErrNotFound
	}
	return err
}
