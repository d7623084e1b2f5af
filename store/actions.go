package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// transitionWork is one participant's status change whose actions must be recorded.
type transitionWork struct {
	campaign    domain.Campaign
	participant domain.Participant
	contact     domain.Contact
	transition  int
	actions     []domain.Action
}

// writeActions records, in the caller's transaction, every action of each
// status change under its idempotency key: outbox rows for emails sent now,
// activities for tasks, meetings and emails, and opportunities. Delayed emails
// are left to the participant's timer (QueueDelayedEmail).
func writeActions(ctx context.Context, tx pgx.Tx, work []transitionWork) error {
	batch := &pgx.Batch{}
	for _, w := range work {
		values := domain.MergeValues(w.contact, w.campaign.Name)
		for i, a := range w.actions {
			if a.Kind == domain.ActionEmail && a.DelaySeconds > 0 {
				continue
			}
			key := domain.ActionKey(w.campaign.ID, w.participant.ID, w.transition, i)
			queueAction(batch, w, a, key, values)
		}
	}
	if batch.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, batch).Close()
}

func queueAction(batch *pgx.Batch, w transitionWork, a domain.Action, key string, values map[string]string) {
	p := w.participant
	subject := domain.Merge(a.Subject, values)
	switch a.Kind {
	case domain.ActionEmail:
		body := domain.Merge(a.Body, values)
		if p.Test {
			queueTestEmail(batch, w, key, subject, body)
			return
		}
		if w.contact.Email == "" {
			batch.Queue(q("insert_activity"), key, p.ContactID, w.campaign.ID, p.ID, "email",
				nullable(p.OwnerID), subject, map[string]any{"skipped": "the contact has no email address"}, nil)
			return
		}
		batch.Queue(q("insert_outbox"), key, w.campaign.ID, p.ID, p.ContactID, w.contact.Email,
			subject, body, domain.MessageID(key))
		batch.Queue(q("insert_activity"), key, p.ContactID, w.campaign.ID, p.ID, "email",
			nullable(p.OwnerID), subject, map[string]any{"to": w.contact.Email, "body": body}, nil)
	case domain.ActionTask, domain.ActionMeeting:
		var due *time.Time
		if a.DueInDays > 0 {
			d := p.StatusSince.AddDate(0, 0, a.DueInDays)
			due = &d
		}
		batch.Queue(q("insert_activity"), key, p.ContactID, w.campaign.ID, p.ID, string(a.Kind),
			nullable(p.OwnerID), subject, map[string]any{"status": p.Status}, due)
	case domain.ActionOpportunity:
		batch.Queue(q("insert_opportunity"), key, p.ContactID, w.campaign.ID, subject, a.Revenue)
	case domain.ActionSMS, domain.ActionPoints, domain.ActionEngagement:
		queueAudienceAction(batch, w, a, key, values)
	}
	if p.Test {
		markTest(batch, key)
	}
}

// pendingKeys lists the outbox keys of the given participants not yet sent.
func pendingKeys(ctx context.Context, tx pgx.Tx, participantIDs []string) ([]string, error) {
	rows, err := tx.Query(ctx, q("pending_outbox_keys"), participantIDs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// QueueDelayedEmail records a delayed email action whose timer fired and
// returns its outbox key. It returns "" when the participant has left the
// status that scheduled it since (a follow-up is only for those still there).
// Nothing new is written when it was recorded before.
func (s *Store) QueueDelayedEmail(ctx context.Context, c domain.Campaign, participantID string, transition, index int, a domain.Action) (string, error) {
	key := domain.ActionKey(c.ID, participantID, transition, index)
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, q("lock_participant"), c.ID, participantID)
		if err != nil {
			return err
		}
		p, err := pgx.CollectExactlyOneRow(rows, scanLocked)
		if err != nil {
			return notFound(err)
		}
		if p.Transitions != transition {
			key = ""
			return nil
		}
		w := transitionWork{campaign: c, participant: p.Participant, contact: p.contact(), transition: transition}
		batch := &pgx.Batch{}
		queueAction(batch, w, a, key, domain.MergeValues(w.contact, c.Name))
		return tx.SendBatch(ctx, batch).Close()
	})
	return key, err
}
