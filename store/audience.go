package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// AllocateParticipants adds contacts to a campaign as Targeted participants,
// skipping those already in it, with owners chosen by the campaign's
// allocation model (see add_allocated_participants), and returns how many
// were added. It refuses with a *domain.ValidationError, adding nobody, when
// the campaign would exceed max participants.
func (s *Store) AllocateParticipants(ctx context.Context, c domain.Campaign, contactIDs []string, max int) (int, error) {
	return s.allocate(ctx, c, max, func(tx pgx.Tx) (int, error) {
		tag, err := tx.Exec(ctx, q("add_allocated_participants"), c.ID, contactIDs, nullable(c.ManagerID),
			c.AllocationModel, c.AllocationRole)
		return int(tag.RowsAffected()), err
	})
}

// AddParticipantsByFilter adds every contact that meets a predefined filter
// (and is not a participant yet), like AllocateParticipants.
func (s *Store) AddParticipantsByFilter(ctx context.Context, c domain.Campaign, f domain.PredefinedFilter, max int) (int, error) {
	where, args := filterWhere(f, 6)
	sql := strings.Replace(q("add_filtered_participants"), "/*filter*/ TRUE", where, 1)
	return s.allocate(ctx, c, max, func(tx pgx.Tx) (int, error) {
		all := append([]any{c.ID, nil, nullable(c.ManagerID), c.AllocationModel, c.AllocationRole}, args...)
		tag, err := tx.Exec(ctx, sql, all...)
		return int(tag.RowsAffected()), err
	})
}

// allocate runs an insert of participants with the campaign row locked, so
// that concurrent adds cannot pass the maximum together, and rolls it back
// when the campaign would hold more than max participants.
func (s *Store) allocate(ctx context.Context, c domain.Campaign, max int, insert func(pgx.Tx) (int, error)) (int, error) {
	var added int
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, q("lock_campaign_row"), c.ID); err != nil {
			return err
		}
		var err error
		if added, err = insert(tx); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, q("count_participants"), c.ID).Scan(&n); err != nil {
			return err
		}
		if n > max {
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: "participants", Message: fmt.Sprintf(
				"a campaign holds at most %d participants; it has %d and this would add %d", max, n-added, added)}}}
		}
		return nil
	})
	return added, err
}

// filterWhere builds the SQL condition of a validated filter; its values are
// bind arguments numbered from first, its columns come from a fixed list.
func filterWhere(f domain.PredefinedFilter, first int) (string, []any) {
	parts := make([]string, 0, len(f.Conditions))
	args := make([]any, 0, len(f.Conditions))
	for i, fc := range f.Conditions {
		col, op, arg := fc.Column()
		parts = append(parts, fmt.Sprintf(`lower(ct.%s) %s $%d`, col, op, first+i))
		args = append(args, arg)
	}
	return strings.Join(parts, " AND "), args
}

// CreateFilter stores a predefined filter.
func (s *Store) CreateFilter(ctx context.Context, f domain.PredefinedFilter) error {
	_, err := s.pool.Exec(ctx, q("insert_filter"), f.ID, f.Name, f.Conditions)
	if isUniqueViolation(err) {
		return &domain.ConflictError{Reason: "a predefined filter named " + f.Name + " exists"}
	}
	return err
}

func scanFilter(r pgx.Row) (domain.PredefinedFilter, error) {
	var f domain.PredefinedFilter
	var raw []byte
	err := r.Scan(&f.ID, &f.Name, &raw, &f.CreatedAt)
	if err == nil {
		err = json.Unmarshal(raw, &f.Conditions)
	}
	return f, notFound(err)
}

// GetFilter reads one predefined filter.
func (s *Store) GetFilter(ctx context.Context, id string) (domain.PredefinedFilter, error) {
	return scanFilter(s.pool.QueryRow(ctx, q("get_filter"), id))
}

// ListFilters lists the predefined filters by name.
func (s *Store) ListFilters(ctx context.Context) ([]domain.PredefinedFilter, error) {
	rows, err := s.pool.Query(ctx, q("list_filters"))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.PredefinedFilter, error) { return scanFilter(r) })
}

// AddCoverage records that a user covers a contact in a role (again: no-op).
func (s *Store) AddCoverage(ctx context.Context, contactID, userID, role string) error {
	_, err := s.pool.Exec(ctx, q("insert_coverage"), contactID, userID, role)
	if isForeignKeyViolation(err) {
		return domain.ErrNotFound
	}
	return err
}
