package store

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// StagedRow is a CSV row prepared for staging.
type StagedRow struct {
	Data       map[string]string
	MatchPhone string
	Errors     []domain.FieldError
}

func jsonText(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

// CreateLeadImport stages an uploaded CSV: the import and all its rows, in one transaction.
func (s *Store) CreateLeadImport(ctx context.Context, id, fileName, userID string, rows []StagedRow) error {
	data, phones, errs := make([]string, len(rows)), make([]string, len(rows)), make([]string, len(rows))
	for i, r := range rows {
		if r.Errors == nil {
			r.Errors = []domain.FieldError{}
		}
		data[i], phones[i], errs[i] = jsonText(r.Data), r.MatchPhone, jsonText(r.Errors)
	}
	return s.execTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, q("insert_lead_import"), id, fileName, nullable(userID)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, q("insert_lead_import_rows"), id, data, phones, errs)
		return err
	})
}

// GetLeadImport reads an import with its row counts.
func (s *Store) GetLeadImport(ctx context.Context, id string) (domain.LeadImport, error) {
	var i domain.LeadImport
	err := s.pool.QueryRow(ctx, q("get_lead_import"), id).Scan(&i.ID, &i.FileName, &i.Status, &i.BatchID, &i.CreatedBy,
		&i.Rows, &i.Invalid, &i.Skipped, &i.Imported, &i.Failed, &i.Duplicates)
	return i, notFound(err)
}

// LeadImportRows lists staged rows after a row number with their possible
// duplicates; a row with any is marked a duplicate.
func (s *Store) LeadImportRows(ctx context.Context, id string, afterRow, limit int) ([]domain.ImportRow, error) {
	rows, err := s.pool.Query(ctx, q("lead_import_rows"), id, afterRow, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ImportRow, error) {
		var x domain.ImportRow
		err := r.Scan(&x.RowNo, &x.Data, &x.Skip, &x.ImportDuplicate, &x.Status, &x.LeadID, &x.Message, &x.Errors, &x.Matches)
		x.Duplicate = len(x.Matches) > 0
		return x, err
	})
}

// RowChoices are the reviewer's choices on a staged row: skip it, or import
// it even though it duplicates an existing lead.
type RowChoices struct {
	Skip            bool
	ImportDuplicate bool
}

// CorrectLeadImportRow lets fix change a staged row of a staged import (its
// data and choices) and stores the result with its new match phone and
// errors. A completed or completing import refuses with a ConflictError.
func (s *Store) CorrectLeadImportRow(ctx context.Context, id string, rowNo int, fix func(*StagedRow, *RowChoices) error) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		var status string
		if err := tx.QueryRow(ctx, q("lock_lead_import"), id).Scan(&status); err != nil {
			return notFound(err)
		}
		if status != domain.ImportStaged {
			return &domain.ConflictError{Reason: "the import is " + status + "; its rows can no longer change"}
		}
		var row StagedRow
		var choices RowChoices
		var rowStatus string
		err := tx.QueryRow(ctx, q("get_lead_import_row"), id, rowNo).Scan(&row.Data, &choices.Skip, &choices.ImportDuplicate, &rowStatus)
		if err != nil {
			return notFound(err)
		}
		if err := fix(&row, &choices); err != nil {
			return err
		}
		if row.Errors == nil {
			row.Errors = []domain.FieldError{}
		}
		_, err = tx.Exec(ctx, q("update_lead_import_row"), id, rowNo, row.Data, row.MatchPhone, row.Errors, choices.Skip, choices.ImportDuplicate)
		return err
	})
}

// StartLeadImport moves a staged import to importing; it answers a
// ConflictError when the import is not staged.
func (s *Store) StartLeadImport(ctx context.Context, id string) ([]string, error) {
	tag, err := s.pool.Exec(ctx, q("start_lead_import"), id)
	if err != nil {
		return nil, err
	}
	if tag.RowsAffected() == 0 {
		if _, err := s.GetLeadImport(ctx, id); err != nil {
			return nil, err
		}
		return nil, &domain.ConflictError{Reason: "the import has already been completed"}
	}
	rows, err := s.pool.Query(ctx, q("lead_import_row_numbers"), id)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// SetLeadImportBatch links an import to the batch process completing it.
func (s *Store) SetLeadImportBatch(ctx context.Context, id, batchID string) error {
	_, err := s.pool.Exec(ctx, q("set_lead_import_batch"), id, batchID)
	return err
}

// RevertLeadImport returns an import whose batch could not start to staged.
func (s *Store) RevertLeadImport(ctx context.Context, id string) error {
	_, err := s.pool.Exec(ctx, q("revert_lead_import"), id)
	return err
}

// ImportRowState is a staged row as the import batch sees it.
type ImportRowState struct {
	Data            map[string]string
	Skip            bool
	ImportDuplicate bool
	Status          string
	LeadID          *int64
	Message         string
}

// LeadImportRow reads one row for the import batch.
func (s *Store) LeadImportRow(ctx context.Context, id string, rowNo int) (ImportRowState, error) {
	var r ImportRowState
	err := s.pool.QueryRow(ctx, q("lead_import_row_outcome"), id, rowNo).Scan(&r.Data, &r.Skip, &r.ImportDuplicate, &r.Status, &r.LeadID, &r.Message)
	return r, notFound(err)
}

// LeadImportRowMatches lists the existing leads one staged row duplicates now.
func (s *Store) LeadImportRowMatches(ctx context.Context, id string, rowNo int) ([]domain.ImportMatch, error) {
	var m []domain.ImportMatch
	err := s.pool.QueryRow(ctx, q("lead_import_row_matches"), id, rowNo).Scan(&m)
	return m, notFound(err)
}

// FinishLeadImport records the end of an import's batch process: the import
// named importID (or, when that is empty, the one linked to batchID) leaves
// importing for status. Repeating it changes nothing.
func (s *Store) FinishLeadImport(ctx context.Context, importID, batchID, status string) error {
	_, err := s.pool.Exec(ctx, q("finish_lead_import"), nullable(importID), batchID, status)
	return err
}

// ImportLeadRow creates the lead of one row and marks the row imported, in
// one transaction, keyed: a repeated call returns the lead created first.
func (s *Store) ImportLeadRow(ctx context.Context, id string, rowNo int, in domain.LeadInput, userID, key string) (domain.Lead, error) {
	var l domain.Lead
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		var err error
		// An import row names no campaign, so the importer's id is all
		// the creation needs.
		if l, err = createLeadTx(ctx, tx, in, domain.User{ID: userID}, key); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, q("finish_lead_import_row"), id, rowNo, "imported", l.ID, "")
		return err
	})
	return l, err
}

// FinishLeadImportRow records a row that was not imported (failed or skipped).
func (s *Store) FinishLeadImportRow(ctx context.Context, id string, rowNo int, status, message string) error {
	_, err := s.pool.Exec(ctx, q("finish_lead_import_row"), id, rowNo, status, nil, message)
	return err
}
