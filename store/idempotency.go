package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// IdempotencyTTL is how long an Idempotency-Key keeps its answer.
const IdempotencyTTL = 24 * time.Hour

// IdempotentAnswer is a kept answer of a request sent with an Idempotency-Key.
type IdempotentAnswer struct {
	RequestHash []byte
	// Done is false while the first request still runs.
	Done        bool
	Status      int
	ContentType string
	Location    string
	Body        []byte
}

// ClaimIdempotencyKey takes a user's key for a first request and reports
// true; when the key is taken already (and not expired) it reports false
// with what the key holds.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, userID, key string, hash []byte) (bool, IdempotentAnswer, error) {
	var claimed bool
	err := s.pool.QueryRow(ctx, q("claim_idempotency_key"), userID, key, hash, IdempotencyTTL.Seconds()).Scan(&claimed)
	if err == nil {
		return true, IdempotentAnswer{}, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return false, IdempotentAnswer{}, err
	}
	var a IdempotentAnswer
	var state string
	err = s.pool.QueryRow(ctx, q("get_idempotency_key"), userID, key).Scan(&a.RequestHash, &state, &a.Status, &a.ContentType, &a.Location, &a.Body)
	a.Done = state == "done"
	return false, a, notFound(err)
}

// KeepIdempotentAnswer stores the first request's answer under its key.
func (s *Store) KeepIdempotentAnswer(ctx context.Context, userID, key string, a IdempotentAnswer) error {
	_, err := s.pool.Exec(ctx, q("keep_idempotent_answer"), userID, key, a.Status, a.ContentType, a.Location, a.Body)
	return err
}

// ReleaseIdempotencyKey frees a key whose first request failed on our side.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, userID, key string) error {
	_, err := s.pool.Exec(ctx, q("release_idempotency_key"), userID, key)
	return err
}

// PurgeIdempotencyKeys deletes the keys older than their lifetime.
func (s *Store) PurgeIdempotencyKeys(ctx context.Context) (int64, error) {
	tag, err := s.pool.Exec(ctx, q("purge_idempotency_keys"), IdempotencyTTL.Seconds())
	return tag.RowsAffected(), err
}
