package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// CreateBatch records a batch process and its items (numbered from 1) in one transaction.
func (s *Store) CreateBatch(ctx context.Context, id, typ string, params any, itemIDs []string, createdBy string) error {
	raw, err := json.Marshal(params)
	if err != nil {
		return err
	}
	return s.execTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, q("insert_batch"), id, typ, raw, len(itemIDs), nullable(createdBy)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, q("insert_batch_items"), id, itemIDs)
		return err
	})
}

func scanBatch(r pgx.Row) (domain.Batch, error) {
	var b domain.Batch
	var params []byte
	err := r.Scan(&b.ID, &b.Type, &b.Status, &params, &b.Total, &b.Succeeded, &b.Failed, &b.Skipped,
		&b.Error, &b.CreatedBy, &b.CreatedAt, &b.StartedAt, &b.FinishedAt)
	b.Params = params
	return b, notFound(err)
}

// GetBatch reads one batch process.
func (s *Store) GetBatch(ctx context.Context, id string) (domain.Batch, error) {
	return scanBatch(s.pool.QueryRow(ctx, q("get_batch"), id))
}

// ListBatches reads a page of the batch processes a user may see (see
// BatchVisible), newest first, optionally of one type.
func (s *Store) ListBatches(ctx context.Context, u domain.User, typ string, r domain.PageRequest) (domain.Page[domain.Batch], error) {
	return newestPage(r, func(b domain.Batch) (time.Time, string) { return b.CreatedAt, b.ID },
		func(beforeAt *time.Time, beforeID string, limit int) ([]domain.Batch, error) {
			args := append([]any{typ, beforeAt, nullable(beforeID), limit, domain.LeadBatchTypes}, leadViewerArgs(u)...)
			rows, err := s.pool.Query(ctx, q("list_batches"), args...)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Batch, error) { return scanBatch(r) })
		})
}

func scanItems(rows pgx.Rows) ([]domain.BatchItem, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.BatchItem, error) {
		var it domain.BatchItem
		var res []byte
		err := r.Scan(&it.Seq, &it.ItemID, &it.Status, &it.Message, &res)
		it.Result = res
		return it, err
	})
}

// BatchItems lists a batch's items after seq, in order.
func (s *Store) BatchItems(ctx context.Context, batchID string, afterSeq, limit int) ([]domain.BatchItem, error) {
	rows, err := s.pool.Query(ctx, q("batch_items_after"), batchID, afterSeq, limit)
	if err != nil {
		return nil, err
	}
	return scanItems(rows)
}

// PendingBatchItems lists a batch's items after seq that have no outcome yet.
func (s *Store) PendingBatchItems(ctx context.Context, batchID string, afterSeq, limit int) ([]domain.BatchItem, error) {
	rows, err := s.pool.Query(ctx, q("pending_batch_items"), batchID, afterSeq, limit)
	if err != nil {
		return nil, err
	}
	return scanItems(rows)
}

// MarkBatchRunning moves a pending batch to running.
func (s *Store) MarkBatchRunning(ctx context.Context, id string) error {
	_, err := s.pool.Exec(ctx, q("mark_batch_running"), id)
	return err
}

// RecordItemResults stores item outcomes (only for items still pending) and
// refreshes the batch's counters, in one transaction.
func (s *Store) RecordItemResults(ctx context.Context, batchID string, results []domain.ItemResult) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		batch := &pgx.Batch{}
		for _, r := range results {
			res := r.Result
			if res == nil {
				res = map[string]any{}
			}
			batch.Queue(q("record_item_result"), batchID, r.Seq, r.Status, r.Message, res)
		}
		batch.Queue(q("refresh_batch_counts"), batchID)
		return tx.SendBatch(ctx, batch).Close()
	})
}

// FinishBatch ends a batch as completed or failed (with a reason).
func (s *Store) FinishBatch(ctx context.Context, id string, status domain.BatchStatus, reason string) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, q("refresh_batch_counts"), id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, q("finish_batch"), id, status, reason)
		return err
	})
}
