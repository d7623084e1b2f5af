package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// EmailEventRecord is a bounce or complaint to record.
type EmailEventRecord struct {
	// Input is the event, normalized and valid.
	Input domain.EmailEventInput
	// Source says who reported it: smtp (the server refused the recipient
	// at send time), webhook (JSON) or dsn (a delivery status notification).
	Source string
	// Key recognises the same event reported again ("": derived from its
	// type, address, Message-ID and time).
	Key string
	// At is when it was received: the event's time when it names none.
	At time.Time
}

// RecordEmailEvent stores a bounce or complaint and acts on it, in one
// transaction: it is matched to the message its Message-ID names, listed on
// that message's contact's (or lead's) activities, and suppresses the
// address when it is a hard bounce, a complaint, or the SoftBounceLimit-th
// soft bounce within SoftBounceWindow. An event recorded before changes
// nothing and comes back with Duplicate set. An event that names no address
// and no message sent here is a *domain.ValidationError.
func (s *Store) RecordEmailEvent(ctx context.Context, r EmailEventRecord) (domain.EmailEvent, error) {
	in := r.Input
	ev := domain.EmailEvent{Type: in.Type, Address: in.Address, MessageID: in.MessageID, Diagnostic: in.Diagnostic,
		Source: r.Source, OccurredAt: r.At.UTC()}
	if in.OccurredAt != nil {
		ev.OccurredAt = in.OccurredAt.UTC()
	}
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		var campaignID, dripID, to string
		if ev.MessageID != "" {
			err := tx.QueryRow(ctx, q("outbox_by_message_id"), ev.MessageID).Scan(&ev.OutboxKey, &to, &ev.ContactID,
				&ev.LeadID, &campaignID, &dripID)
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
		}
		if ev.Address == "" {
			ev.Address = domain.NormalizeEmail(to)
		}
		if ev.Address == "" {
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: "message_id",
				Message: "names no message sent from here: give the address"}}}
		}
		key := r.Key
		if key == "" {
			key = eventKey(ev)
		}
		var id string
		err := tx.QueryRow(ctx, q("insert_email_event"), key, ev.Type, ev.Address, ev.MessageID, nullable(ev.OutboxKey),
			nullable(ev.ContactID), nullableID(ev.LeadID), ev.Diagnostic, ev.Source, ev.OccurredAt).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return s.duplicateEvent(ctx, tx, key, &ev)
		}
		if err != nil {
			return err
		}
		ev.ID = id
		soft := 0
		if ev.Type == domain.EventSoftBounce {
			if err := tx.QueryRow(ctx, q("count_soft_bounces"), ev.Address, ev.OccurredAt,
				domain.SoftBounceWindow.Seconds()).Scan(&soft); err != nil {
				return err
			}
		}
		if reason := domain.SuppressionFor(ev.Type, soft); reason != "" {
			source := ev.Source + ": " + ev.Type
			if ev.Type == domain.EventSoftBounce {
				source = ev.Source + ": " + strconv.Itoa(soft) + " soft bounces within 7 days"
			}
			if ev.Suppressed, err = suppress(ctx, tx, ev.Address, reason, source); err != nil {
				return err
			}
		} else if err := tx.QueryRow(ctx, q("suppression_reason"), ev.Address).Scan(&ev.Suppressed); err != nil &&
			!errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		return eventActivity(ctx, tx, ev, campaignID, dripID)
	})
	return ev, err
}

// duplicateEvent reads the event recorded before under key into ev.
func (s *Store) duplicateEvent(ctx context.Context, tx pgx.Tx, key string, ev *domain.EmailEvent) error {
	ev.Duplicate = true
	err := tx.QueryRow(ctx, q("get_email_event"), key).Scan(&ev.ID, &ev.Type, &ev.Address, &ev.MessageID, &ev.OutboxKey,
		&ev.ContactID, &ev.LeadID, &ev.Diagnostic, &ev.Source, &ev.OccurredAt)
	if err != nil {
		return err
	}
	err = tx.QueryRow(ctx, q("suppression_reason"), ev.Address).Scan(&ev.Suppressed)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	return err
}

// eventActivity lists the event on the activities of the contact or lead
// its message went to.
func eventActivity(ctx context.Context, tx pgx.Tx, ev domain.EmailEvent, campaignID, dripID string) error {
	kind, subject := "bounce", map[string]string{domain.EventHardBounce: "Hard bounce", domain.EventSoftBounce: "Soft bounce",
		domain.EventComplaint: "Spam complaint"}[ev.Type]
	if ev.Type == domain.EventComplaint {
		kind = "complaint"
	}
	subject += ": " + ev.Address
	key := "email-event/" + ev.ID
	switch {
	case ev.ContactID != "":
		_, err := tx.Exec(ctx, q("insert_system_activity"), key, ev.ContactID, nullable(campaignID), nullable(dripID), kind, subject,
			map[string]any{"event_id": ev.ID, "type": ev.Type, "address": ev.Address, "message_id": ev.MessageID,
				"diagnostic": ev.Diagnostic, "occurred_at": ev.OccurredAt, "suppressed": ev.Suppressed})
		return err
	case ev.LeadID > 0:
		details := strings.TrimSpace(ev.Diagnostic)
		if ev.Suppressed != "" {
			details += " (address suppressed: " + ev.Suppressed + ")"
		}
		_, err := tx.Exec(ctx, q("insert_system_lead_activity"), key, ev.LeadID, kind, subject, strings.TrimSpace(details))
		return err
	}
	return nil
}

// eventKey identifies an event by what it says, so the same report posted
// twice is recorded once.
func eventKey(ev domain.EmailEvent) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{ev.Type, ev.Address, ev.MessageID,
		ev.OccurredAt.Format(time.RFC3339Nano)}, "\x00")))
	return "event/" + hex.EncodeToString(sum[:])
}

// nullableID is a bigint id, or NULL for 0.
func nullableID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
