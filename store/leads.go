package store

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// LeadSettings reports whether B2B mode is on.
func (s *Store) LeadSettings(ctx context.Context) (b2b bool, err error) {
	err = s.pool.QueryRow(ctx, q("lead_settings")).Scan(&b2b)
	return b2b, err
}

// SetLeadSettings turns B2B mode on or off.
func (s *Store) SetLeadSettings(ctx context.Context, b2b bool) error {
	_, err := s.pool.Exec(ctx, q("set_lead_settings"), b2b)
	return err
}

func scanLead(r pgx.Row) (domain.Lead, error) {
	var l domain.Lead
	err := r.Scan(&l.ID, &l.FirstName, &l.LastName, &l.Company, &l.Position, &l.Email, &l.Phone, &l.PhoneCountry,
		&l.MarketSegment, &l.SalesConcept, &l.Source, &l.SourceType, &l.ConsentToContact, &l.MatchedContactID,
		&l.Address, &l.AddressCity, &l.AddressState, &l.AddressCountry, &l.AddressZip, &l.Status, &l.Score,
		&l.OwnerID, &l.CreatedBy, &l.ContactID, &l.CompanyID, &l.OpportunityID, &l.ConvertedAt, &l.CreatedAt, &l.UpdatedAt,
		&l.CampaignID, &l.Test, &l.TimeZone, &l.PhoneDisplayed)
	return l, notFound(err)
}

// GetLead reads one lead.
func (s *Store) GetLead(ctx context.Context, id int64) (domain.Lead, error) {
	return scanLead(s.pool.QueryRow(ctx, q("get_lead"), id))
}

// CreateLead stores a new lead owned by its creator, scores it and records
// the creation in its audit trail, in one transaction. With an importKey, a
// lead already created under that key is returned instead of a new one. The
// lead's campaign must be one the creator may see.
func (s *Store) CreateLead(ctx context.Context, in domain.LeadInput, creator domain.User, importKey string) (domain.Lead, error) {
	var l domain.Lead
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		var err error
		l, err = createLeadTx(ctx, tx, in, creator, importKey)
		return err
	})
	return l, err
}

func createLeadTx(ctx context.Context, tx pgx.Tx, in domain.LeadInput, creator domain.User, importKey string) (domain.Lead, error) {
	if importKey != "" {
		var id int64
		err := tx.QueryRow(ctx, q("lead_by_import_key"), importKey).Scan(&id)
		if err == nil {
			return scanLead(tx.QueryRow(ctx, q("get_lead"), id))
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return domain.Lead{}, err
		}
	}
	consent := in.ConsentToContact != nil && *in.ConsentToContact
	test, err := leadIntake(ctx, tx, in.CampaignID, creator)
	if err != nil {
		return domain.Lead{}, err
	}
	var id int64
	err = tx.QueryRow(ctx, q("insert_lead"), in.FirstName, in.LastName, in.Company, in.Position, in.Email, in.Phone,
		in.PhoneCountry, in.MarketSegment, in.SalesConcept, in.Source, in.SourceType, consent,
		nullable(in.MatchedContactID), in.Address, in.AddressCity, in.AddressState, in.AddressCountry, in.AddressZip,
		nullable(creator.ID), nullable(importKey), nullable(in.CampaignID), test, in.TimeZone,
		domain.PhoneDisplay(in.Phone, in.PhoneCountry)).Scan(&id)
	if isForeignKeyViolation(err) {
		return domain.Lead{}, leadReferenceError(err)
	}
	if err != nil {
		return domain.Lead{}, err
	}
	if _, err := tx.Exec(ctx, q("rescore_lead"), id); err != nil {
		return domain.Lead{}, err
	}
	l, err := scanLead(tx.QueryRow(ctx, q("get_lead"), id))
	if err != nil {
		return l, err
	}
	return l, audit(ctx, tx, id, "lead", "create", creator.ID, nil, domain.LeadFields(l))
}

// audit records one change in a lead's audit trail.
func audit(ctx context.Context, tx pgx.Tx, leadID int64, entity, action, userID string, before, after map[string]any) error {
	if before == nil {
		before = map[string]any{}
	}
	if after == nil {
		after = map[string]any{}
	}
	_, err := tx.Exec(ctx, q("insert_lead_audit"), leadID, entity, action, nullable(userID), before, after)
	return err
}

// LeadChange changes a locked lead inside the transaction of ChangeLead.
type LeadChange func(ctx context.Context, tx pgx.Tx, l *domain.Lead) error

// ChangeLead locks a lead, lets change modify it (and write related records
// in the same transaction), stores it, rescores it and records the changed
// fields in its audit trail under action. An error from change writes
// nothing; a change that changes no field writes nothing either.
func (s *Store) ChangeLead(ctx context.Context, id int64, userID, action string, change LeadChange) (domain.Lead, error) {
	var after domain.Lead
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		before, err := scanLead(tx.QueryRow(ctx, q("get_lead_for_update"), id))
		if err != nil {
			return err
		}
		l := before
		if err := change(ctx, tx, &l); err != nil {
			return err
		}
		if _, a := domain.LeadChanges(before, l); len(a) == 0 {
			after = before // nothing changed: no write, no audit entry, updated_at kept
			return nil
		}
		_, err = tx.Exec(ctx, q("update_lead"), l.ID, l.FirstName, l.LastName, l.Company, l.Position, l.Email, l.Phone,
			l.PhoneCountry, l.MarketSegment, l.SalesConcept, l.Source, l.SourceType, l.ConsentToContact,
			nullable(l.MatchedContactID), l.Address, l.AddressCity, l.AddressState, l.AddressCountry, l.AddressZip,
			l.Status, nullable(l.OwnerID), nullable(l.ContactID), nullable(l.CompanyID), nullable(l.OpportunityID), l.ConvertedAt,
			l.TimeZone, domain.PhoneDisplay(l.Phone, l.PhoneCountry))
		if isForeignKeyViolation(err) {
			return leadReferenceError(err)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, q("rescore_lead"), id); err != nil {
			return err
		}
		if after, err = scanLead(tx.QueryRow(ctx, q("get_lead"), id)); err != nil {
			return err
		}
		b, a := domain.LeadChanges(before, after)
		if len(a) == 0 {
			return nil
		}
		return audit(ctx, tx, id, "lead", action, userID, b, a)
	})
	return after, err
}

// DeleteLeads permanently deletes leads, all or none, and records each
// deletion (with the lead's last fields) in the audit trail. Unknown ids
// fail the whole request with domain.ErrNotFound.
func (s *Store) DeleteLeads(ctx context.Context, ids []int64, userID string) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		for _, id := range ids {
			l, err := scanLead(tx.QueryRow(ctx, q("delete_lead"), id))
			if err != nil {
				return err
			}
			if err := audit(ctx, tx, id, "lead", "delete", userID, domain.LeadFields(l), nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// LeadAudit lists a lead's audit trail, oldest first, after an entry id.
func (s *Store) LeadAudit(ctx context.Context, leadID, afterID int64, limit int) ([]domain.AuditEntry, error) {
	rows, err := s.pool.Query(ctx, q("lead_audit"), leadID, afterID, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.AuditEntry, error) {
		var e domain.AuditEntry
		var b, a []byte
		err := r.Scan(&e.ID, &e.LeadID, &e.Entity, &e.Action, &e.UserID, &e.At, &b, &a)
		if err == nil {
			err = json.Unmarshal(b, &e.Before)
		}
		if err == nil {
			err = json.Unmarshal(a, &e.After)
		}
		return e, err
	})
}

// UserExists reports whether a user id names a user.
func (s *Store) UserExists(ctx context.Context, id string) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, q("user_exists"), id).Scan(&ok)
	return ok, err
}

// leadReferenceError names the field whose reference a lead write broke.
func leadReferenceError(err error) error {
	var pgErr *pgconn.PgError
	field, what := "matched_contact_id", "contact"
	if errors.As(err, &pgErr) && strings.Contains(pgErr.ConstraintName, "owner_id") {
		field, what = "owner_id", "user"
	}
	return &domain.ValidationError{Fields: []domain.FieldError{{Field: field, Message: "names no " + what}}}
}

// leadIntake checks that the lead's campaign (if any) is one the creator
// may see and takes leads now, and says whether the lead is a test lead. A
// campaign the creator may not see is refused exactly as an unknown one.
func leadIntake(ctx context.Context, tx pgx.Tx, campaignID string, creator domain.User) (bool, error) {
	if campaignID == "" {
		return false, nil
	}
	var status domain.VersionStatus
	var version int
	err := tx.QueryRow(ctx, q("campaign_lead_intake"), append([]any{campaignID}, viewerArgs(creator)...)...).Scan(&status, &version)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, &domain.ValidationError{Fields: []domain.FieldError{{Field: "campaign_id", Message: "unknown campaign"}}}
	}
	if err != nil {
		return false, err
	}
	return status.LeadIntake(version)
}
