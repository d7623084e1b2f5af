package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// HashToken is the stored form of a bearer token.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// tokenPrefix starts every token the product issues, so that a token pasted
// somewhere it should not be is easy to recognise (and to scan for).
const tokenPrefix = "dbt_"

// newTokenSecret returns 256 random bits, base64url-encoded.
func newTokenSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

func scanUser(r pgx.Row) (domain.User, error) {
	var u domain.User
	err := r.Scan(&u.ID, &u.Name, &u.Email, &u.Privileges, &u.Active, &u.CreatedAt)
	return u, notFound(err)
}

func scanToken(r pgx.Row) (domain.Token, error) {
	var t domain.Token
	err := r.Scan(&t.ID, &t.UserID, &t.Label, &t.CreatedAt, &t.ExpiresAt, &t.LastUsedAt)
	return t, notFound(err)
}

// UserByToken finds the active user a bearer token belongs to; an unknown,
// revoked or expired token, or one of a deactivated user, is ErrNotFound.
// It records the token's use at most once a minute, so that authenticating
// every request is one read and only now and then a write as well.
func (s *Store) UserByToken(ctx context.Context, token string) (domain.User, error) {
	hash := HashToken(token)
	var u domain.User
	var used *time.Time
	err := s.pool.QueryRow(ctx, q("user_by_token_hash"), hash).
		Scan(&u.ID, &u.Name, &u.Email, &u.Privileges, &u.Active, &u.CreatedAt, &used)
	if err != nil {
		return domain.User{}, notFound(err)
	}
	if used == nil || time.Since(*used) >= tokenTouchEvery {
		if _, err := s.pool.Exec(ctx, q("touch_token"), hash, tokenTouchEvery.Seconds()); err != nil {
			return domain.User{}, err
		}
	}
	return u, nil
}

// tokenTouchEvery is how often a token's last use is written at most, here
// and in touch_token.
const tokenTouchEvery = time.Minute

// GetUser reads one user.
func (s *Store) GetUser(ctx context.Context, id string) (domain.User, error) {
	return scanUser(s.pool.QueryRow(ctx, q("get_user"), id))
}

// UserByEmail reads the user with an email, whatever its case.
func (s *Store) UserByEmail(ctx context.Context, email string) (domain.User, error) {
	return scanUser(s.pool.QueryRow(ctx, q("user_by_email"), email))
}

// ListUsers reads a page of the users, newest first.
func (s *Store) ListUsers(ctx context.Context, r domain.PageRequest) (domain.Page[domain.User], error) {
	return newestPage(r, func(u domain.User) (time.Time, string) { return u.CreatedAt, u.ID },
		func(beforeAt *time.Time, beforeID string, limit int) ([]domain.User, error) {
			rows, err := s.pool.Query(ctx, q("list_users"), beforeAt, nullable(beforeID), limit)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.User, error) { return scanUser(r) })
		})
}

// passwordHash is the bcrypt hash of a password, or nil without one.
func passwordHash(pw *string) (*string, error) {
	if pw == nil {
		return nil, nil
	}
	b, err := bcrypt.GenerateFromPassword([]byte(*pw), bcrypt.DefaultCost)
	if err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	h := string(b)
	return &h, nil
}

// CreateUser inserts a user from a normalized, validated input; an email
// already taken is a ConflictError.
func (s *Store) CreateUser(ctx context.Context, in domain.UserInput) (domain.User, error) {
	hash, err := passwordHash(in.Password)
	if err != nil {
		return domain.User{}, err
	}
	u, err := scanUser(s.pool.QueryRow(ctx, q("insert_user"), uuid.NewString(), in.Name, in.Email, in.Privileges, hash))
	if isUniqueViolation(err) {
		return u, &domain.ConflictError{Reason: "a user with the email " + in.Email + " already exists"}
	}
	return u, err
}

// UpdateUser applies a normalized, validated patch to a user. A change that
// would leave no active administrator is refused (domain.CheckAdminsRemain);
// the check and the write happen under locks, so concurrent changes cannot
// remove the last administrator between them.
func (s *Store) UpdateUser(ctx context.Context, id string, p domain.UserPatch) (domain.User, error) {
	hash, err := passwordHash(p.Password)
	if err != nil {
		return domain.User{}, err
	}
	var out domain.User
	err = s.execTx(ctx, func(tx pgx.Tx) error {
		var admins int
		if err := tx.QueryRow(ctx, q("lock_active_admins")).Scan(&admins); err != nil {
			return err
		}
		before, err := scanUser(tx.QueryRow(ctx, q("lock_user"), id))
		if err != nil {
			return err
		}
		after := p.Apply(before)
		if err := domain.CheckAdminsRemain(before, after, admins); err != nil {
			return err
		}
		out, err = scanUser(tx.QueryRow(ctx, q("update_user"), id, after.Name, after.Privileges, after.Active, hash != nil, hash))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, q("end_user_sessions"), id, after.Active, hash != nil)
		return err
	})
	return out, err
}

// UpsertUser creates or replaces a user (demo data and tests).
func (s *Store) UpsertUser(ctx context.Context, u domain.User) error {
	if u.Privileges == nil {
		u.Privileges = []string{}
	}
	_, err := s.pool.Exec(ctx, q("upsert_user"), u.ID, u.Name, u.Email, u.Privileges)
	return err
}

// AddToken stores a given bearer token (hashed) for a user; adding it again
// is a no-op. The demo data's fixed token uses it; the product issues tokens
// with IssueToken.
func (s *Store) AddToken(ctx context.Context, userID, token, label string) error {
	_, err := s.pool.Exec(ctx, q("insert_token"), HashToken(token), userID, label)
	return err
}

// IssueToken creates a new random token for an active user from a
// normalized, validated input. Only its hash is stored: the secret in the
// answer is the one time it is seen.
func (s *Store) IssueToken(ctx context.Context, userID string, in domain.TokenInput) (domain.IssuedToken, error) {
	u, err := s.GetUser(ctx, userID)
	if err != nil {
		return domain.IssuedToken{}, err
	}
	if !u.Active {
		return domain.IssuedToken{}, domain.ErrUserInactive
	}
	secret, err := newTokenSecret()
	if err != nil {
		return domain.IssuedToken{}, err
	}
	t, err := scanToken(s.pool.QueryRow(ctx, q("issue_token"), HashToken(secret), userID, in.Label, in.ExpiresAt))
	if isForeignKeyViolation(err) {
		err = domain.ErrNotFound // the user was deleted meanwhile
	}
	return domain.IssuedToken{Token: t, Secret: secret}, err
}

// ListTokens reads a page of a user's tokens, newest first; an unknown
// user is ErrNotFound.
func (s *Store) ListTokens(ctx context.Context, userID string, r domain.PageRequest) (domain.Page[domain.Token], error) {
	if _, err := s.GetUser(ctx, userID); err != nil {
		return domain.Page[domain.Token]{}, err
	}
	return newestPage(r, func(t domain.Token) (time.Time, string) { return t.CreatedAt, t.ID },
		func(beforeAt *time.Time, beforeID string, limit int) ([]domain.Token, error) {
			rows, err := s.pool.Query(ctx, q("list_tokens"), userID, beforeAt, nullable(beforeID), limit)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Token, error) { return scanToken(r) })
		})
}

// TokenOwner returns the id of the user a token belongs to.
func (s *Store) TokenOwner(ctx context.Context, tokenID string) (string, error) {
	var owner string
	err := s.pool.QueryRow(ctx, q("token_owner"), tokenID).Scan(&owner)
	return owner, notFound(err)
}

// RevokeToken deletes a token: the next request with it is refused.
func (s *Store) RevokeToken(ctx context.Context, tokenID string) error {
	tag, err := s.pool.Exec(ctx, q("delete_token"), tokenID)
	if err == nil && tag.RowsAffected() == 0 {
		err = domain.ErrNotFound
	}
	return err
}
