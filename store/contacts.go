package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// UpsertContact creates or replaces a contact.
func (s *Store) UpsertContact(ctx context.Context, c domain.Contact) error {
	if c.Status == "" {
		c.Status = "Other"
	}
	_, err := s.pool.Exec(ctx, q("upsert_contact"), c.ID, c.FirstName, c.LastName, c.Email, c.Phone, c.Status)
	return err
}

// GetContact reads one contact.
func (s *Store) GetContact(ctx context.Context, id string) (domain.Contact, error) {
	var c domain.Contact
	err := s.pool.QueryRow(ctx, q("get_contact"), id).Scan(&c.ID, &c.FirstName, &c.LastName, &c.Email, &c.Phone, &c.Status, &c.CreatedAt)
	return c, notFound(err)
}

// MissingContacts returns those of ids that name no contact.
func (s *Store) MissingContacts(ctx context.Context, ids []string) ([]string, error) {
	rows, err := s.pool.Query(ctx, q("missing_contacts"), ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
