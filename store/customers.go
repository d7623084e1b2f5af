package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

var duplicateGroup = &domain.ConflictError{Reason: "a customer group with this name exists already"}

func scanGroup(row pgx.Row) (domain.CustomerGroup, error) {
	var g domain.CustomerGroup
	err := row.Scan(&g.ID, &g.Name, &g.Description, &g.Members, &g.CreatedAt, &g.UpdatedAt)
	return g, notFound(err)
}

// CreateCustomerGroup inserts a group; a name in use (any case) is a conflict.
func (s *Store) CreateCustomerGroup(ctx context.Context, id string, in domain.CustomerGroupInput) error {
	_, err := s.pool.Exec(ctx, q("insert_customer_group"), id, in.Name, in.Description)
	if isUniqueViolation(err) {
		return duplicateGroup
	}
	return err
}

// ListCustomerGroups returns every group by name with its member count.
func (s *Store) ListCustomerGroups(ctx context.Context) ([]domain.CustomerGroup, error) {
	rows, err := s.pool.Query(ctx, q("list_customer_groups"))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.CustomerGroup, error) { return scanGroup(r) })
}

// GetCustomerGroup reads one group.
func (s *Store) GetCustomerGroup(ctx context.Context, id string) (domain.CustomerGroup, error) {
	return scanGroup(s.pool.QueryRow(ctx, q("get_customer_group"), id))
}

// UpdateCustomerGroup replaces a group's name and description.
func (s *Store) UpdateCustomerGroup(ctx context.Context, id string, in domain.CustomerGroupInput) error {
	tag, err := s.pool.Exec(ctx, q("update_customer_group"), id, in.Name, in.Description)
	if isUniqueViolation(err) {
		return duplicateGroup
	}
	if err == nil && tag.RowsAffected() == 0 {
		return domain.ErrNotFound
	}
	return err
}

// DeleteCustomerGroup deletes a group and its memberships. A group that a
// campaign version targets is refused (a *domain.ConflictError naming them).
func (s *Store) DeleteCustomerGroup(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, q("delete_customer_group"), id)
	if isForeignKeyViolation(err) {
		rows, qerr := s.pool.Query(ctx, q("customer_group_users"), id)
		if qerr != nil {
			return qerr
		}
		names, qerr := pgx.CollectRows(rows, pgx.RowTo[string])
		if qerr != nil {
			return qerr
		}
		return &domain.ConflictError{Reason: fmt.Sprintf("the group is the audience of campaign %s: change their audience first",
			strings.Join(names, ", "))}
	}
	if err == nil && tag.RowsAffected() == 0 {
		return domain.ErrNotFound
	}
	return err
}

// missingGroups returns a 422 on field when any of ids names no group.
func missingGroups(ctx context.Context, db interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, field string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := db.Query(ctx, q("missing_customer_groups"), ids)
	if err != nil {
		return err
	}
	missing, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(missing) == 0 {
		return err
	}
	return &domain.ValidationError{Fields: []domain.FieldError{{Field: field,
		Message: "no such customer group: " + strings.Join(missing, ", ")}}}
}

// GetCustomer reads a contact's customer status and groups.
func (s *Store) GetCustomer(ctx context.Context, contactID string) (domain.Customer, error) {
	out := domain.Customer{ContactID: contactID}
	err := s.pool.QueryRow(ctx, q("get_contact_customer"), contactID).Scan(&out.Status)
	if err != nil {
		return out, notFound(err)
	}
	rows, err := s.pool.Query(ctx, q("customer_groups_of"), contactID)
	if err != nil {
		return out, err
	}
	out.GroupIDs, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if out.GroupIDs == nil {
		out.GroupIDs = []string{}
	}
	return out, err
}

// UpdateCustomer changes a contact's customer record under a row lock:
// change receives the current record and returns the new one (or an error,
// which writes nothing). Unknown groups are a *domain.ValidationError.
func (s *Store) UpdateCustomer(ctx context.Context, contactID string, change func(domain.Customer) (domain.Customer, error)) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		cur := domain.Customer{ContactID: contactID}
		if err := tx.QueryRow(ctx, q("lock_contact_customer"), contactID).Scan(&cur.Status); err != nil {
			return notFound(err)
		}
		rows, err := tx.Query(ctx, q("customer_groups_of"), contactID)
		if err != nil {
			return err
		}
		if cur.GroupIDs, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return err
		}
		next, err := change(cur)
		if err != nil {
			return err
		}
		if err := missingGroups(ctx, tx, "group_ids", next.GroupIDs); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, q("set_customer_status"), contactID, nullable(next.Status)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, q("remove_customer_groups"), contactID, next.GroupIDs); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, q("add_customer_groups"), contactID, next.GroupIDs)
		if isForeignKeyViolation(err) { // a group deleted concurrently
			return errors.Join(err, &domain.ValidationError{Fields: []domain.FieldError{{Field: "group_ids", Message: "no such customer group"}}})
		}
		return err
	})
}
