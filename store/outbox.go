package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// OutboxMessage is one queued email.
type OutboxMessage struct {
	Key       string
	To        string
	Subject   string
	Body      string
	MessageID string
	// HTML is an optional HTML alternative of Body.
	HTML string
	// AttachmentIDs are documents whose attachment files go with the message.
	AttachmentIDs []string
}

// PendingOutbox returns those of the keyed messages not yet sent.
func (s *Store) PendingOutbox(ctx context.Context, keys []string) ([]OutboxMessage, error) {
	rows, err := s.pool.Query(ctx, q("outbox_pending_by_keys"), keys)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutboxMessage, error) {
		var m OutboxMessage
		err := r.Scan(&m.Key, &m.To, &m.Subject, &m.Body, &m.MessageID, &m.HTML, &m.AttachmentIDs)
		return m, err
	})
}

// MarkSent records that a message was accepted by the SMTP server.
func (s *Store) MarkSent(ctx context.Context, key string) error {
	_, err := s.pool.Exec(ctx, q("mark_outbox_sent"), key)
	return err
}

// MarkSendError records a failed attempt; a permanent one fails the message.
func (s *Store) MarkSendError(ctx context.Context, key, msg string, permanent bool) error {
	_, err := s.pool.Exec(ctx, q("mark_outbox_error"), key, msg, permanent)
	return err
}

// OutboxCounts counts a campaign's sent, pending and failed emails.
func (s *Store) OutboxCounts(ctx context.Context, campaignID string) (sent, pending, failed int, err error) {
	err = s.pool.QueryRow(ctx, q("outbox_count_for_campaign"), campaignID).Scan(&sent, &pending, &failed)
	return
}
