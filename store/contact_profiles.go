package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func scanContactProfile(row pgx.Row) (domain.ContactProfile, error) {
	var c domain.ContactProfile
	err := row.Scan(&c.ID, &c.FirstName, &c.LastName, &c.Email, &c.Phone, &c.Status, &c.CreatedAt, &c.PartnerType, &c.Tags, &c.ConsentToContact, &c.TimeZone)
	return c, notFound(err)
}

// CreateContactProfile inserts a contact with its partner type and tags.
func (s *Store) CreateContactProfile(ctx context.Context, c domain.ContactProfile) (domain.ContactProfile, error) {
	if c.Tags == nil {
		c.Tags = []string{}
	}
	_, err := s.pool.Exec(ctx, q("insert_contact_profile"), c.ID, c.FirstName, c.LastName, c.Email, c.Phone,
		c.Status, c.PartnerType, c.Tags, c.ConsentToContact, c.TimeZone)
	if isUniqueViolation(err) {
		return c, &domain.ConflictError{Reason: "a contact with this id already exists"}
	}
	if err != nil {
		return c, err
	}
	return s.GetContactProfile(ctx, c.ID)
}

// GetContactProfile reads a contact with its partner type and tags.
func (s *Store) GetContactProfile(ctx context.Context, id string) (domain.ContactProfile, error) {
	return scanContactProfile(s.pool.QueryRow(ctx, q("get_contact_profile"), id))
}

// UpdateContactProfile changes a contact in one transaction: change edits the
// locked current record, and returning an error from it writes nothing.
func (s *Store) UpdateContactProfile(ctx context.Context, id string, change func(*domain.ContactProfile) error) (domain.ContactProfile, error) {
	var out domain.ContactProfile
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		c, err := scanContactProfile(tx.QueryRow(ctx, q("lock_contact_profile"), id))
		if err != nil {
			return err
		}
		if err := change(&c); err != nil {
			return err
		}
		if c.Tags == nil {
			c.Tags = []string{}
		}
		_, err = tx.Exec(ctx, q("update_contact_profile"), c.ID, c.FirstName, c.LastName, c.Email, c.Phone,
			c.Status, c.PartnerType, c.Tags, c.ConsentToContact, c.TimeZone)
		out = c
		return err
	})
	return out, err
}
