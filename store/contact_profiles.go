package store

import (
	"context"
	"strings"

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

// ContactPage is one keyset page of contacts.
type ContactPage struct {
	Items []domain.ContactListItem `json:"items"`
	// NextCursor continues after the last item; empty on the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// likeEscaper makes a search word match itself in a LIKE pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// ContactPage returns the contacts f selects in name order and the cursor
// of the next page. It reads one row more than asked to know whether
// another page follows.
func (s *Store) ContactPage(ctx context.Context, f domain.ContactFilter) (ContactPage, error) {
	words := make([]string, len(f.Words))
	for i, w := range f.Words {
		words[i] = likeEscaper.Replace(w)
	}
	var last, first, id *string
	if f.After != nil {
		last, first, id = &f.After.Last, &f.After.First, &f.After.ID
	}
	rows, err := s.pool.Query(ctx, q("contact_page"), words, last, first, id, f.Limit+1)
	if err != nil {
		return ContactPage{}, err
	}
	type listed struct {
		item        domain.ContactListItem
		last, first string
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (listed, error) {
		var l listed
		c := &l.item
		err := r.Scan(&c.ID, &c.FirstName, &c.LastName, &c.Email, &c.Phone, &c.Status, &c.CreatedAt, &c.PartnerType,
			&c.Tags, &c.ConsentToContact, &c.CustomerStatus, &l.last, &l.first)
		return l, err
	})
	if err != nil {
		return ContactPage{}, err
	}
	out := ContactPage{Items: make([]domain.ContactListItem, 0, len(got))}
	for i, l := range got {
		if i == f.Limit {
			prev := got[i-1]
			out.NextCursor = domain.ContactCursor{Last: prev.last, First: prev.first, ID: prev.item.ID}.Encode()
			break
		}
		out.Items = append(out.Items, l.item)
	}
	return out, nil
}
