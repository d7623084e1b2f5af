package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func scanRule(r pgx.Row) (domain.ScoringRule, error) {
	var x domain.ScoringRule
	err := r.Scan(&x.ID, &x.Field, &x.Operator, &x.Value, &x.Points, &x.CreatedAt, &x.UpdatedAt)
	return x, notFound(err)
}

// ListScoringRules lists every lead scoring rule.
func (s *Store) ListScoringRules(ctx context.Context) ([]domain.ScoringRule, error) {
	rows, err := s.pool.Query(ctx, q("list_scoring_rules"))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ScoringRule, error) { return scanRule(r) })
}

// GetScoringRule reads one rule.
func (s *Store) GetScoringRule(ctx context.Context, id string) (domain.ScoringRule, error) {
	return scanRule(s.pool.QueryRow(ctx, q("get_scoring_rule"), id))
}

// SaveScoringRule creates (create true) or replaces a rule and rescores
// every lead whose score changes, in the same transaction.
func (s *Store) SaveScoringRule(ctx context.Context, r domain.ScoringRule, create bool) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		name := "update_scoring_rule"
		if create {
			name = "insert_scoring_rule"
		}
		tag, err := tx.Exec(ctx, q(name), r.ID, r.Field, r.Operator, r.Value, r.Points)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return domain.ErrNotFound
		}
		_, err = tx.Exec(ctx, q("rescore_all_leads"))
		return err
	})
}

// DeleteScoringRule removes a rule and rescores the leads it affected.
func (s *Store) DeleteScoringRule(ctx context.Context, id string) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, q("delete_scoring_rule"), id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return domain.ErrNotFound
		}
		_, err = tx.Exec(ctx, q("rescore_all_leads"))
		return err
	})
}
