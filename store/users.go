package store

import (
	"context"
	"crypto/sha256"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// HashToken is the stored form of a bearer token.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// UserByToken finds the user a bearer token belongs to.
func (s *Store) UserByToken(ctx context.Context, token string) (domain.User, error) {
	var u domain.User
	err := s.pool.QueryRow(ctx, q("user_by_token_hash"), HashToken(token)).Scan(&u.ID, &u.Name, &u.Email, &u.Privileges)
	return u, notFound(err)
}

// GetUser reads one user.
func (s *Store) GetUser(ctx context.Context, id string) (domain.User, error) {
	var u domain.User
	err := s.pool.QueryRow(ctx, q("get_user"), id).Scan(&u.ID, &u.Name, &u.Email, &u.Privileges)
	return u, notFound(err)
}

// UpsertUser creates or replaces a user.
func (s *Store) UpsertUser(ctx context.Context, u domain.User) error {
	if u.Privileges == nil {
		u.Privileges = []string{}
	}
	_, err := s.pool.Exec(ctx, q("upsert_user"), u.ID, u.Name, u.Email, u.Privileges)
	return err
}

// AddToken stores a bearer token (hashed) for a user; adding it again is a no-op.
func (s *Store) AddToken(ctx context.Context, userID, token, label string) error {
	_, err := s.pool.Exec(ctx, q("insert_token"), HashToken(token), userID, label)
	return err
}
