package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// LeadUsers lists up to limit active users who can own a lead, by name.
func (s *Store) LeadUsers(ctx context.Context, limit int) ([]UserName, error) {
	return collectUserNames(s.pool.Query(ctx, q("lead_users"), limit))
}

// LeadSourceTypes lists up to limit distinct source types of the leads.
func (s *Store) LeadSourceTypes(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.pool.Query(ctx, q("lead_source_types"), limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// ContactChoices lists up to limit contacts (id and name), by name.
func (s *Store) ContactChoices(ctx context.Context, limit int) ([]UserName, error) {
	return collectUserNames(s.pool.Query(ctx, q("contact_choices"), limit))
}

// DocumentChoice is a document as a chooser lists it.
type DocumentChoice struct {
	ID, Name, Folder, AttachmentName string
}

// DocumentChoices lists up to limit documents, by name.
func (s *Store) DocumentChoices(ctx context.Context, limit int) ([]DocumentChoice, error) {
	rows, err := s.pool.Query(ctx, q("document_choices"), limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (DocumentChoice, error) {
		var d DocumentChoice
		return d, r.Scan(&d.ID, &d.Name, &d.Folder, &d.AttachmentName)
	})
}

// CompanyNamed reports whether a company of that name exists (any case).
func (s *Store) CompanyNamed(ctx context.Context, name string) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, q("company_named"), name).Scan(&ok)
	return ok, err
}
