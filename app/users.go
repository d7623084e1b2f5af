package app

import (
	"context"
	"time"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// CreateUser adds a user, with a password for the web sign-in when one is
// given (stored only as its bcrypt hash).
func (s *Service) CreateUser(ctx context.Context, actor domain.User, in domain.UserInput) (domain.User, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.User{}, err
	}
	return s.st.CreateUser(ctx, in)
}

// UpdateUser changes a user's name, privileges, active flag or password. A
// change that would leave no active administrator is refused
// (domain.CheckAdminsRemain, applied by the store under locks). A new
// password or a deactivation ends the user's web sessions.
func (s *Service) UpdateUser(ctx context.Context, actor domain.User, id string, p domain.UserPatch) (domain.User, error) {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return domain.User{}, err
	}
	return s.st.UpdateUser(ctx, id, p)
}

// IssueToken creates an API token for an active user. The secret is in the
// answer only: it is stored as its digest. Who may manage whose tokens is
// domain.CanManageTokens, checked by each front end's access rule.
func (s *Service) IssueToken(ctx context.Context, actor domain.User, userID string, in domain.TokenInput) (domain.IssuedToken, error) {
	in.Normalize()
	if err := in.Validate(time.Now()); err != nil {
		return domain.IssuedToken{}, err
	}
	return s.st.IssueToken(ctx, userID, in)
}
