package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// queueTestEmail records the email of a test participant: it goes only to
// the campaign's test recipients (one outbox row each, keyed under the
// action's key), never to the contact. Without test recipients nothing is
// sent and the activity says so.
func queueTestEmail(batch *pgx.Batch, w transitionWork, key string, email domain.RenderedEmail, due *time.Time) {
	p := w.participant
	email.Subject = "[TEST] " + email.Subject
	subject, body := email.Subject, email.Text
	if len(w.campaign.TestRecipients) == 0 {
		batch.Queue(q("insert_activity"), key, p.ContactID, w.campaign.ID, p.ID, "email",
			nullable(p.OwnerID), subject, map[string]any{"skipped": "test mode: the campaign has no test recipients", "test": true}, nil)
		markTest(batch, key)
		return
	}
	for i, to := range w.campaign.TestRecipients {
		k := fmt.Sprintf("%s/test%d", key, i)
		// No contact: the message goes to a test recipient, so the
		// contact's consent and unsubscribe link are not the ones it needs.
		queueOutbox(batch, outboxRow{key: k, campaignID: w.campaign.ID, participantID: p.ID, to: to, email: email,
			due: due, window: w.window})
	}
	batch.Queue(q("insert_activity"), key, p.ContactID, w.campaign.ID, p.ID, "email", nullable(p.OwnerID), subject,
		map[string]any{"to": w.campaign.TestRecipients, "contact": w.contact.Email, "body": body, "test": true}, nil)
	markTest(batch, key)
}

// queueAudienceAction records the actions an audience campaign adds: a text
// message in the keyed SMS outbox, points added to the contact's score (once
// per key), and an engagement activity.
func queueAudienceAction(batch *pgx.Batch, w transitionWork, a domain.Action, key string, values map[string]string) {
	p := w.participant
	switch a.Kind {
	case domain.ActionSMS:
		if w.contact.Phone == "" {
			batch.Queue(q("insert_activity"), key, p.ContactID, w.campaign.ID, p.ID, "sms",
				nullable(p.OwnerID), "", map[string]any{"skipped": "the contact has no phone number"}, nil)
			return
		}
		batch.Queue(q("insert_participant_sms"), key, w.campaign.ID, p.ID, p.ContactID, w.contact.Phone, domain.Merge(a.Body, values), p.Test)
	case domain.ActionPoints:
		batch.Queue(q("add_score_points"), key, p.ContactID, w.campaign.ID, a.Points)
	case domain.ActionEngagement:
		batch.Queue(q("insert_activity"), key, p.ContactID, w.campaign.ID, p.ID, "engagement",
			nullable(p.OwnerID), domain.Merge(a.Subject, values), map[string]any{"status": p.Status}, nil)
	}
}

// markTest flags the records an action of a test participant wrote.
func markTest(batch *pgx.Batch, key string) {
	batch.Queue(q("mark_test_opportunity"), key)
	batch.Queue(q("mark_test_activity"), key)
}

// UnsentParticipantSMS returns the keys of the participants' text messages
// not sent yet.
func (s *Store) UnsentParticipantSMS(ctx context.Context, participantIDs []string) ([]string, error) {
	rows, err := s.pool.Query(ctx, q("pending_participant_sms"), participantIDs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
