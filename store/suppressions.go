package store

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

func scanSuppression(r pgx.CollectableRow) (domain.Suppression, error) {
	var s domain.Suppression
	err := r.Scan(&s.ID, &s.Address, &s.Reason, &s.Source, &s.CreatedAt)
	return s, err
}

// ListSuppressions reads a page of the entries whose address contains
// search ("": all), newest first.
func (s *Store) ListSuppressions(ctx context.Context, search string, r domain.PageRequest) (domain.Page[domain.Suppression], error) {
	return newestPage(r, func(e domain.Suppression) (time.Time, string) { return e.CreatedAt, e.ID },
		func(before *time.Time, beforeID string, limit int) ([]domain.Suppression, error) {
			rows, err := s.pool.Query(ctx, q("list_suppressions"), search, before, nullable(beforeID), limit)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, scanSuppression)
		})
}

// AddSuppression puts a (normalized) address on the list. An address
// already listed is a *domain.ConflictError naming its reason.
func (s *Store) AddSuppression(ctx context.Context, in domain.SuppressionInput) (domain.Suppression, error) {
	rows, err := s.pool.Query(ctx, q("insert_suppression"), in.Address, in.Reason, in.Source)
	if err != nil {
		return domain.Suppression{}, err
	}
	added, err := pgx.CollectRows(rows, scanSuppression)
	if err != nil || len(added) == 1 {
		return firstOr(added), err
	}
	cur, err := s.GetSuppression(ctx, in.Address)
	if err != nil {
		return cur, err
	}
	return cur, &domain.ConflictError{Reason: "the address is on the suppression list already (" + cur.Reason +
		", since " + cur.CreatedAt.UTC().Format(time.RFC3339) + ")"}
}

func firstOr(list []domain.Suppression) domain.Suppression {
	if len(list) == 0 {
		return domain.Suppression{}
	}
	return list[0]
}

// GetSuppression reads the entry of a (normalized) address.
func (s *Store) GetSuppression(ctx context.Context, address string) (domain.Suppression, error) {
	rows, err := s.pool.Query(ctx, q("get_suppression"), address)
	if err != nil {
		return domain.Suppression{}, err
	}
	sup, err := pgx.CollectExactlyOneRow(rows, scanSuppression)
	return sup, notFound(err)
}

// DeleteSuppression takes a (normalized) address off the list: its
// marketing emails go out again (a contact or lead that withdrew its
// consent still gets none until the consent is given back).
func (s *Store) DeleteSuppression(ctx context.Context, address string) error {
	tag, err := s.pool.Exec(ctx, q("delete_suppression"), address)
	if err == nil && tag.RowsAffected() == 0 {
		return domain.ErrNotFound
	}
	return err
}

// ImportSuppressions lists every address of rows (checked and normalized)
// at once and returns how many were new; those listed already keep their
// entry.
func (s *Store) ImportSuppressions(ctx context.Context, rows []domain.SuppressionInput) (int, error) {
	addrs, reasons, sources := make([]string, len(rows)), make([]string, len(rows)), make([]string, len(rows))
	for i, r := range rows {
		addrs[i], reasons[i], sources[i] = r.Address, r.Reason, r.Source
	}
	tag, err := s.pool.Exec(ctx, q("import_suppressions"), addrs, reasons, sources)
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}

// ExportSuppressions calls fn for every entry, oldest first, while reading.
func (s *Store) ExportSuppressions(ctx context.Context, fn func(domain.Suppression) error) error {
	rows, err := s.pool.Query(ctx, q("export_suppressions"))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		sup, err := scanSuppression(rows)
		if err != nil {
			return err
		}
		if err := fn(sup); err != nil {
			return err
		}
	}
	return rows.Err()
}

// suppress lists an address in the caller's transaction (an address listed
// already keeps its entry) and returns the reason it is listed for.
func suppress(ctx context.Context, tx pgx.Tx, address, reason, source string) (string, error) {
	if _, err := tx.Exec(ctx, q("insert_suppression"), address, reason, source); err != nil {
		return "", err
	}
	var listed string
	err := tx.QueryRow(ctx, q("suppression_reason"), address).Scan(&listed)
	return listed, err
}

// Unsubscribe carries out a one-click unsubscribe, in one transaction: the
// address goes on the suppression list; the contact or lead named withdraws
// its consent, with an activity saying so (and, for a lead, an audit row);
// the participant of the campaign or the enrollment in the drip campaign
// it came from is marked unsubscribed. Repeating it changes nothing more.
func (s *Store) Unsubscribe(ctx context.Context, t domain.UnsubscribeToken) error {
	source := t.Source()
	return s.execTx(ctx, func(tx pgx.Tx) error {
		if _, err := suppress(ctx, tx, domain.NormalizeEmail(t.Address), domain.SuppressUnsubscribed, source); err != nil {
			return err
		}
		details := map[string]any{"address": t.Address, "source": source}
		subject := "Unsubscribed from marketing email"
		batch := &pgx.Batch{}
		switch {
		case t.ContactID != "":
			batch.Queue(q("withdraw_contact_consent"), t.ContactID)
			batch.Queue(q("insert_system_activity"), "unsubscribe/"+t.ContactID+"/"+source, t.ContactID,
				nullable(t.CampaignID), nullable(t.DripCampaignID), "unsubscribe", subject, details)
			if t.CampaignID != "" {
				batch.Queue(q("mark_participant_unsubscribed"), t.CampaignID, t.ContactID)
			}
			if t.DripCampaignID != "" {
				batch.Queue(q("mark_enrollment_unsubscribed"), t.DripCampaignID, t.ContactID)
			}
		case t.LeadID > 0:
			batch.Queue(q("withdraw_lead_consent"), t.LeadID)
			batch.Queue(q("rescore_lead"), t.LeadID)
			batch.Queue(q("insert_system_lead_activity"), "unsubscribe/lead/"+strconv.FormatInt(t.LeadID, 10)+"/"+source, t.LeadID,
				"unsubscribe", subject, "Unsubscribed "+t.Address+" through the link of "+source)
		default:
			return nil
		}
		return tx.SendBatch(ctx, batch).Close()
	})
}
