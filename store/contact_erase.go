package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Participation names one campaign participation of a contact.
type Participation struct {
	CampaignID, ParticipantID string
}

// ContactParticipations lists every campaign participation of a contact.
func (s *Store) ContactParticipations(ctx context.Context, contactID string) ([]Participation, error) {
	rows, err := s.pool.Query(ctx, q("contact_participations"), contactID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Participation, error) {
		var p Participation
		return p, r.Scan(&p.CampaignID, &p.ParticipantID)
	})
}

// eraseSteps are the statements of an erasure after the contact is locked,
// in order (the batch items are found through participations, so they go
// before the participations of unstarted campaigns), each given the
// contact id and its normalized address.
var eraseSteps = []struct {
	query   string
	address bool // whether the statement takes the address as $2
}{
	{"erase_outbox_files", false},
	{"erase_outbox", false},
	{"erase_sms_outbox", false},
	{"erase_email_events", true},
	{"erase_activities", false},
	{"erase_opportunities", false},
	{"erase_batch_outputs", false},
	{"erase_generated_documents", false},
	{"erase_batch_items", false},
	{"erase_planning_participants", false},
	{"erase_memberships", false},
	{"erase_lead_matches", false},
	{"erase_kept_answers", true},
	{"erase_contact", false},
}

// EraseContact erases a contact's personal data in one transaction (see
// queries/contact_erase.sql): its address goes on the suppression list
// (reason erased), its unsent messages end suppressed, its documents go,
// and every text that names it is blanked; the contact row stays, blank and
// marked erased, so that counts keep their totals. An unknown or already
// erased contact is domain.ErrNotFound.
func (s *Store) EraseContact(ctx context.Context, id string) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		var email string
		if err := tx.QueryRow(ctx, q("erase_lock_contact"), id).Scan(&email); err != nil {
			return notFound(err)
		}
		address := domain.NormalizeEmail(email)
		if address != "" {
			if _, err := tx.Exec(ctx, q("erase_suppress_address"), address); err != nil {
				return err
			}
		}
		for _, step := range eraseSteps {
			args := []any{id}
			if step.address {
				args = append(args, address)
			}
			if _, err := tx.Exec(ctx, q(step.query), args...); err != nil {
				return err
			}
		}
		return nil
	})
}
