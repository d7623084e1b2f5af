package app

import (
	"context"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Team lists a campaign's team: its Manager (the campaign's manager) first,
// then Sponsors and Support by name.
func (s *Service) Team(ctx context.Context, actor domain.User, campaignID string) ([]domain.TeamMember, error) {
	team, err := s.st.ListTeam(ctx, campaignID)
	if team == nil {
		team = []domain.TeamMember{}
	}
	return team, err
}

// AddTeamMember gives a user a Sponsor or Support role on a campaign and
// returns the team. The Manager role is the campaign's manager, changed by
// editing the campaign (refused here).
func (s *Service) AddTeamMember(ctx context.Context, actor domain.User, campaignID string, in domain.TeamMemberInput) ([]domain.TeamMember, error) {
	role, err := in.Validate()
	if err != nil {
		return nil, err
	}
	if err := s.st.AddTeamMember(ctx, campaignID, in.UserID, role); err != nil {
		return nil, err
	}
	return s.Team(ctx, actor, campaignID)
}

// RemoveTeamMember takes one role away from a user. The campaign's Manager
// stays (domain.Campaign.CanRemoveTeamRole); a role the user does not hold
// is domain.ErrNotFound.
func (s *Service) RemoveTeamMember(ctx context.Context, actor domain.User, campaignID, userID string, role domain.TeamRole) error {
	camp, err := s.st.GetCampaign(ctx, campaignID)
	if err != nil {
		return err
	}
	if err := camp.CanRemoveTeamRole(userID, role); err != nil {
		return err
	}
	return s.st.RemoveTeamMember(ctx, campaignID, userID, role)
}
