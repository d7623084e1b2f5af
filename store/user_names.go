package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// UserName is a user's id and display name.
type UserName struct {
	ID   string
	Name string
}

func collectUserNames(rows pgx.Rows, err error) ([]UserName, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (UserName, error) {
		var u UserName
		return u, r.Scan(&u.ID, &u.Name)
	})
}

// UserNames maps each known id of ids to its user's name.
func (s *Store) UserNames(ctx context.Context, ids []string) (map[string]string, error) {
	list, err := collectUserNames(s.pool.Query(ctx, q("user_names"), ids))
	out := make(map[string]string, len(list))
	for _, u := range list {
		out[u.ID] = u.Name
	}
	return out, err
}

// CampaignUsers lists up to limit active users who can manage a campaign, by name.
func (s *Store) CampaignUsers(ctx context.Context, limit int) ([]UserName, error) {
	return collectUserNames(s.pool.Query(ctx, q("campaign_users"), limit))
}
