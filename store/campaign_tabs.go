package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// ContactsToAdd lists up to limit contacts not yet in the campaign whose
// name or email contains search ("" for all), by name.
func (s *Store) ContactsToAdd(ctx context.Context, campaignID, search string, limit int) ([]domain.Contact, error) {
	rows, err := s.pool.Query(ctx, q("contacts_to_add"), campaignID, domain.ContainsPattern(search), limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Contact, error) {
		var c domain.Contact
		return c, r.Scan(&c.ID, &c.FirstName, &c.LastName, &c.Email, &c.Phone, &c.Status, &c.CreatedAt)
	})
}

// ParticipantNames maps those of ids that name participants to their
// contact's name; other ids (not participants, or not ids at all) are left out.
func (s *Store) ParticipantNames(ctx context.Context, ids []string) (map[string]string, error) {
	return s.namesOf(ctx, "participant_names", ids)
}

// CampaignNames maps those of ids that name campaigns to their names.
func (s *Store) CampaignNames(ctx context.Context, ids []string) (map[string]string, error) {
	return s.namesOf(ctx, "campaign_names", ids)
}

// namesOf runs a query of (id, name) rows over the ids that are UUIDs.
func (s *Store) namesOf(ctx context.Context, query string, ids []string) (map[string]string, error) {
	var uuids []string
	for _, id := range ids {
		if domain.IsUUID(id) {
			uuids = append(uuids, id)
		}
	}
	out := make(map[string]string, len(uuids))
	if len(uuids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, q(query), uuids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}
