package store

import (
	"context"
	"time"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// QueueLeadEmail queues one email to a lead under its idempotency key; the
// same key queued again changes nothing.
func (s *Store) QueueLeadEmail(ctx context.Context, key string, leadID int64, m OutboxMessage) error {
	if m.AttachmentIDs == nil {
		m.AttachmentIDs = []string{}
	}
	_, err := s.pool.Exec(ctx, q("insert_lead_outbox"), key, leadID, m.To, m.Subject, m.Body, m.HTML, m.AttachmentIDs,
		domain.MessageID(key), nullable(m.BatchID))
	return err
}

// OutboxState is where a queued email stands (batch results report it).
type OutboxState struct {
	Status    string
	MessageID string
	LastError string
	// DueAt is when a row waiting for the outbox sender falls due.
	DueAt *time.Time
}

// Waiting reports whether the message waits for a later moment (a delayed
// email, or one a send window or the frequency cap deferred).
func (st OutboxState) Waiting() bool { return st.Status == "pending" && st.DueAt != nil }

// OutboxStates reads the state of the keyed messages.
func (s *Store) OutboxStates(ctx context.Context, keys []string) (map[string]OutboxState, error) {
	rows, err := s.pool.Query(ctx, q("outbox_states"), keys)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]OutboxState{}
	for rows.Next() {
		var k string
		var st OutboxState
		if err := rows.Scan(&k, &st.Status, &st.MessageID, &st.LastError, &st.DueAt); err != nil {
			return nil, err
		}
		out[k] = st
	}
	return out, rows.Err()
}
