package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func scanActivity(r pgx.Row) (domain.LeadActivity, error) {
	var a domain.LeadActivity
	err := r.Scan(&a.ID, &a.LeadID, &a.Kind, &a.Subject, &a.Details, &a.DueAt, &a.Done, &a.CreatedBy, &a.CreatedAt, &a.UpdatedAt)
	return a, notFound(err)
}

func scanNote(r pgx.Row) (domain.LeadNote, error) {
	var n domain.LeadNote
	err := r.Scan(&n.ID, &n.LeadID, &n.Text, &n.CreatedBy, &n.CreatedAt, &n.UpdatedAt)
	return n, notFound(err)
}

// lockLead fails with domain.ErrNotFound when the lead does not exist.
func lockLead(ctx context.Context, tx pgx.Tx, leadID int64) error {
	var id int64
	return notFound(tx.QueryRow(ctx, q("lock_lead"), leadID).Scan(&id))
}

// ListLeadActivities lists a lead's activities, oldest first.
func (s *Store) ListLeadActivities(ctx context.Context, leadID int64) ([]domain.LeadActivity, error) {
	rows, err := s.pool.Query(ctx, q("list_lead_activities"), leadID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.LeadActivity, error) { return scanActivity(r) })
}

// AddLeadActivity stores an activity and its audit entry.
func (s *Store) AddLeadActivity(ctx context.Context, a domain.LeadActivity, userID string) (domain.LeadActivity, error) {
	var out domain.LeadActivity
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		if err := lockLead(ctx, tx, a.LeadID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, q("insert_lead_activity"), a.ID, a.LeadID, a.Kind, a.Subject, a.Details, a.DueAt, a.Done, nullable(userID)); err != nil {
			return err
		}
		var err error
		if out, err = scanActivity(tx.QueryRow(ctx, q("get_lead_activity"), a.ID, a.LeadID)); err != nil {
			return err
		}
		return audit(ctx, tx, a.LeadID, "activity", "create", userID, nil, domain.ActivityFields(out))
	})
	return out, err
}

// ChangeLeadActivity locks an activity, lets change modify it (or return
// remove to delete it), stores it and records the change in the audit trail.
func (s *Store) ChangeLeadActivity(ctx context.Context, leadID int64, id, userID string,
	change func(*domain.LeadActivity) (remove bool, err error)) (domain.LeadActivity, error) {
	var out domain.LeadActivity
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		before, err := scanActivity(tx.QueryRow(ctx, q("lock_lead_activity"), id, leadID))
		if err != nil {
			return err
		}
		a := before
		remove, err := change(&a)
		if err != nil {
			return err
		}
		if remove {
			if _, err := tx.Exec(ctx, q("delete_lead_activity"), id, leadID); err != nil {
				return err
			}
			return audit(ctx, tx, leadID, "activity", "delete", userID, domain.ActivityFields(before), nil)
		}
		if _, err := tx.Exec(ctx, q("update_lead_activity"), id, leadID, a.Kind, a.Subject, a.Details, a.DueAt, a.Done); err != nil {
			return err
		}
		if out, err = scanActivity(tx.QueryRow(ctx, q("get_lead_activity"), id, leadID)); err != nil {
			return err
		}
		b, af := domain.ChangedFields(domain.ActivityFields(before), domain.ActivityFields(out))
		return audit(ctx, tx, leadID, "activity", "update", userID, b, af)
	})
	return out, err
}

// ListLeadNotes lists a lead's notes, oldest first.
func (s *Store) ListLeadNotes(ctx context.Context, leadID int64) ([]domain.LeadNote, error) {
	rows, err := s.pool.Query(ctx, q("list_lead_notes"), leadID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.LeadNote, error) { return scanNote(r) })
}

// AddLeadNote stores a note and its audit entry.
func (s *Store) AddLeadNote(ctx context.Context, n domain.LeadNote, userID string) (domain.LeadNote, error) {
	var out domain.LeadNote
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		if err := lockLead(ctx, tx, n.LeadID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, q("insert_lead_note"), n.ID, n.LeadID, n.Text, nullable(userID)); err != nil {
			return err
		}
		var err error
		if out, err = scanNote(tx.QueryRow(ctx, q("get_lead_note"), n.ID, n.LeadID)); err != nil {
			return err
		}
		return audit(ctx, tx, n.LeadID, "note", "create", userID, nil, domain.NoteFields(out))
	})
	return out, err
}

// ChangeLeadNote changes (text != nil) or deletes a note with its audit entry.
func (s *Store) ChangeLeadNote(ctx context.Context, leadID int64, id, userID string, text *string) (domain.LeadNote, error) {
	var out domain.LeadNote
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		before, err := scanNote(tx.QueryRow(ctx, q("lock_lead_note"), id, leadID))
		if err != nil {
			return err
		}
		if text == nil {
			if _, err := tx.Exec(ctx, q("delete_lead_note"), id, leadID); err != nil {
				return err
			}
			return audit(ctx, tx, leadID, "note", "delete", userID, domain.NoteFields(before), nil)
		}
		if _, err := tx.Exec(ctx, q("update_lead_note"), id, leadID, *text); err != nil {
			return err
		}
		if out, err = scanNote(tx.QueryRow(ctx, q("get_lead_note"), id, leadID)); err != nil {
			return err
		}
		b, a := domain.ChangedFields(domain.NoteFields(before), domain.NoteFields(out))
		return audit(ctx, tx, leadID, "note", "update", userID, b, a)
	})
	return out, err
}

// LeadGeneratedDocuments lists the PDFs printed for a lead, oldest first.
func (s *Store) LeadGeneratedDocuments(ctx context.Context, leadID int64) ([]domain.GeneratedDocument, error) {
	rows, err := s.pool.Query(ctx, q("lead_generated_documents"), leadID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.GeneratedDocument, error) {
		var g domain.GeneratedDocument
		err := r.Scan(&g.ID, &g.DocumentID, &g.ContactID, &g.LeadID, &g.CampaignID, &g.BatchID, &g.FileName, &g.Type, &g.Size, &g.CreatedAt)
		return g, err
	})
}
