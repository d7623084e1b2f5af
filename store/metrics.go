package store

import "context"

// OutboxPending counts the emails and text messages queued and not yet
// sent, by channel ("email", "sms").
func (s *Store) OutboxPending(ctx context.Context) (map[string]int, error) {
	var email, sms int
	if err := s.pool.QueryRow(ctx, q("outbox_pending_counts")).Scan(&email, &sms); err != nil {
		return nil, err
	}
	return map[string]int{"email": email, "sms": sms}, nil
}
