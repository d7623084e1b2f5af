package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// dummyHash is compared against when nobody has the email, so that an
// unknown email takes as long to refuse as a wrong password.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("no such user, no such password"), bcrypt.DefaultCost)
	return h
})

// UserByPassword returns the active user with this email and password. An
// unknown email, a wrong password, a user without a password and a
// deactivated user are all ErrNotFound: a sign-in page must not tell which.
func (s *Store) UserByPassword(ctx context.Context, email, password string) (domain.User, error) {
	var u domain.User
	var hash string
	err := s.pool.QueryRow(ctx, q("password_hash_by_email"), domain.NormalizeEmail(email)).
		Scan(&u.ID, &u.Name, &u.Email, &u.Privileges, &u.Active, &u.CreatedAt, &hash)
	if err = notFound(err); err != nil && !errors.Is(err, domain.ErrNotFound) {
		return domain.User{}, err
	}
	stored := []byte(hash)
	if err != nil || hash == "" {
		stored = dummyHash()
	}
	if bcrypt.CompareHashAndPassword(stored, []byte(password)) != nil || err != nil || hash == "" {
		return domain.User{}, domain.ErrNotFound
	}
	return u, nil
}

// randomSecret returns n random bytes.
func randomSecret(n int) ([]byte, error) {
	b := make([]byte, n)
	_, err := rand.Read(b)
	return b, err
}

// CreateSession signs a user in: it returns the new session's id, which
// only the cookie carries (the table keeps its digest), and the session.
func (s *Store) CreateSession(ctx context.Context, u domain.User) (string, domain.Session, error) {
	raw, err := randomSecret(32)
	if err != nil {
		return "", domain.Session{}, err
	}
	csrf, err := randomSecret(32)
	if err != nil {
		return "", domain.Session{}, err
	}
	id := base64.RawURLEncoding.EncodeToString(raw)
	sess := domain.Session{User: u, CSRFSecret: csrf, ExpiresAt: time.Now().Add(domain.SessionLifetime)}
	if _, err := s.pool.Exec(ctx, q("delete_ended_sessions"), u.ID, domain.SessionIdleTimeout.Seconds()); err != nil {
		return "", domain.Session{}, err
	}
	if _, err := s.pool.Exec(ctx, q("insert_session"), HashToken(id), u.ID, csrf, sess.ExpiresAt); err != nil {
		return "", domain.Session{}, err
	}
	return id, sess, nil
}

// SessionByID finds the live session a cookie names, with its user as the
// users table has it now; an unknown, ended or signed-out session, or one
// of a deactivated user, is ErrNotFound.
func (s *Store) SessionByID(ctx context.Context, id string) (domain.Session, error) {
	var sess domain.Session
	u := &sess.User
	err := s.pool.QueryRow(ctx, q("session_by_id_hash"), HashToken(id), domain.SessionIdleTimeout.Seconds()).
		Scan(&u.ID, &u.Name, &u.Email, &u.Privileges, &u.Active, &u.CreatedAt, &sess.CSRFSecret, &sess.ExpiresAt)
	return sess, notFound(err)
}

// DeleteSession ends a session (sign-out); an unknown id is no error.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.pool.Exec(ctx, q("delete_session"), HashToken(id))
	return err
}

// EnsurePassword gives a user this password unless it has it already (the
// demo administrator's: seeding again changes nothing and signs nobody out).
func (s *Store) EnsurePassword(ctx context.Context, userID, password string) error {
	var hash string
	if err := s.pool.QueryRow(ctx, q("password_hash"), userID).Scan(&hash); err != nil {
		return notFound(err)
	}
	if hash != "" && bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil {
		return nil
	}
	_, err := s.UpdateUser(ctx, userID, domain.UserPatch{Password: &password})
	return err
}
