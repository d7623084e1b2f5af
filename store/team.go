package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// ListTeam returns a campaign's team: its Manager first, then Sponsors and
// Support by name. It answers domain.ErrNotFound for an unknown campaign.
func (s *Store) ListTeam(ctx context.Context, campaignID string) ([]domain.TeamMember, error) {
	if _, err := s.campaignStage(ctx, campaignID); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, q("list_team"), campaignID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.TeamMember, error) {
		var m domain.TeamMember
		var rank int
		err := r.Scan(&m.UserID, &m.Name, &m.Email, &m.Role, &m.AddedAt, &rank)
		return m, err
	})
}

// AddTeamMember gives a user a Sponsor or Support role on a campaign.
func (s *Store) AddTeamMember(ctx context.Context, campaignID, userID string, role domain.TeamRole) error {
	if _, err := s.campaignStage(ctx, campaignID); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, q("insert_team_member"), campaignID, userID, role)
	switch {
	case isUniqueViolation(err):
		return &domain.ConflictError{Reason: "the user already holds the role " + string(role) + " on this campaign"}
	case isForeignKeyViolation(err):
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "user_id", Message: "no such user"}}}
	}
	return err
}

// RemoveTeamMember takes a Sponsor or Support role away from a user
// (domain.ErrNotFound when the user does not hold it). The Manager is the
// campaign's manager_id, not a row of the team: the operations layer
// refuses to remove it (domain.Campaign.CanRemoveTeamRole).
func (s *Store) RemoveTeamMember(ctx context.Context, campaignID, userID string, role domain.TeamRole) error {
	tag, err := s.pool.Exec(ctx, q("delete_team_member"), campaignID, userID, role)
	if err == nil && tag.RowsAffected() == 0 {
		return domain.ErrNotFound
	}
	return err
}

func (s *Store) campaignStage(ctx context.Context, id string) (domain.Stage, error) {
	var st domain.Stage
	err := s.pool.QueryRow(ctx, q("campaign_stage"), id).Scan(&st)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", domain.ErrNotFound
	}
	return st, err
}
