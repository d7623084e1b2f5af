package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// KnownPrivileges lists every privilege a user can be given.
var KnownPrivileges = []string{PrivAdmin, PrivCampaigns, PrivLeads, PrivMarketing}

// Limits of user and token fields.
const (
	MaxUserNameLen   = 200
	MaxEmailLen      = 254 // RFC 5321's limit of a forward path
	MinPasswordLen   = 10
	MaxPasswordBytes = 72 // bcrypt reads no further than 72 bytes
	MaxTokenLabelLen = 100
)

// UserInput creates a user. Password is optional; it is stored as a bcrypt
// hash and never shown again.
type UserInput struct {
	Name       string   `json:"name"`
	Email      string   `json:"email"`
	Privileges []string `json:"privileges"`
	Password   *string  `json:"password,omitempty"`
}

// Normalize trims the fields, lowers the email and spells privileges the
// canonical way.
func (in *UserInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Email = NormalizeEmail(in.Email)
	in.Privileges = normalizePrivileges(in.Privileges)
}

// Validate checks every field at once.
func (in *UserInput) Validate() error {
	var v Validator
	checkUserName(&v, in.Name)
	checkPrivileges(&v, in.Privileges)
	checkPassword(&v, in.Password)
	switch {
	case in.Email == "":
		v.Add("email", "is required")
	case utf8.RuneCountInString(in.Email) > MaxEmailLen:
		v.Add("email", "must be at most %d characters", MaxEmailLen)
	default:
		v.EmailAddress("email", in.Email)
	}
	return v.Err()
}

// NormalizeEmail is the form in which a user's email is stored and looked up.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// UserPatch changes a user: only the fields present change.
type UserPatch struct {
	Name       *string   `json:"name,omitempty"`
	Privileges *[]string `json:"privileges,omitempty"`
	Active     *bool     `json:"active,omitempty"`
	Password   *string   `json:"password,omitempty"`
}

// Normalize trims the name and spells privileges the canonical way.
func (p *UserPatch) Normalize() {
	if p.Name != nil {
		*p.Name = strings.TrimSpace(*p.Name)
	}
	if p.Privileges != nil {
		*p.Privileges = normalizePrivileges(*p.Privileges)
	}
}

// Validate checks every field present.
func (p *UserPatch) Validate() error {
	var v Validator
	v.Check(p.Name != nil || p.Privileges != nil || p.Active != nil || p.Password != nil,
		"body", "name at least one of name, privileges, active, password")
	if p.Name != nil {
		checkUserName(&v, *p.Name)
	}
	if p.Privileges != nil {
		checkPrivileges(&v, *p.Privileges)
	}
	checkPassword(&v, p.Password)
	return v.Err()
}

// Apply returns u with the patch's fields changed.
func (p UserPatch) Apply(u User) User {
	if p.Name != nil {
		u.Name = *p.Name
	}
	if p.Privileges != nil {
		u.Privileges = slices.Clone(*p.Privileges)
	}
	if p.Active != nil {
		u.Active = *p.Active
	}
	return u
}

// CheckAdminsRemain refuses a change of one user (before -> after) that would
// leave no active administrator, given how many there are now. Whoever would
// be locked out is always the last administrator themselves: anybody else
// making the change is an active administrator too.
func CheckAdminsRemain(before, after User, activeAdmins int) error {
	left := activeAdmins
	if before.isActiveAdmin() {
		left--
	}
	if after.isActiveAdmin() {
		left++
	}
	if left < 1 {
		return &ConflictError{Reason: fmt.Sprintf("%s is the last active administrator: make another user an administrator first", before.Email)}
	}
	return nil
}

func (u User) isActiveAdmin() bool { return u.Active && slices.Contains(u.Privileges, PrivAdmin) }

func checkUserName(v *Validator, name string) {
	v.Check(name != "", "name", "is required")
	v.Check(utf8.RuneCountInString(name) <= MaxUserNameLen, "name", "must be at most %d characters", MaxUserNameLen)
}

func checkPrivileges(v *Validator, privs []string) {
	for _, p := range privs {
		v.Check(slices.Contains(KnownPrivileges, p), "privileges", "%q is not a privilege (known: %s)", p, strings.Join(KnownPrivileges, ", "))
	}
}

func checkPassword(v *Validator, pw *string) {
	if pw == nil {
		return
	}
	v.Check(utf8.RuneCountInString(*pw) >= MinPasswordLen, "password", "must be at least %d characters", MinPasswordLen)
	v.Check(len(*pw) <= MaxPasswordBytes, "password", "must be at most %d bytes", MaxPasswordBytes)
}

// normalizePrivileges trims each name, spells a known one the canonical way
// whatever its case, and drops repeats (nil becomes empty).
func normalizePrivileges(privs []string) []string {
	out := make([]string, 0, len(privs))
	for _, p := range privs {
		p = strings.TrimSpace(p)
		for _, k := range KnownPrivileges {
			if strings.EqualFold(p, k) {
				p = k
			}
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// Token is an API token as listed: never its secret.
type Token struct {
	ID         string     `json:"id"`
	UserID     string     `json:"user_id"`
	Label      string     `json:"label"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// IssuedToken is a token just created, with its secret: the only time the
// secret is shown.
type IssuedToken struct {
	Token
	Secret string `json:"token"`
}

// TokenInput creates a token; without ExpiresAt it never expires.
type TokenInput struct {
	Label     string     `json:"label"`
	ExpiresAt *time.Time `json:"expires_at"`
}

// Normalize trims the label.
func (in *TokenInput) Normalize() { in.Label = strings.TrimSpace(in.Label) }

// Validate checks the label and that the expiry lies after now.
func (in *TokenInput) Validate(now time.Time) error {
	var v Validator
	v.Check(utf8.RuneCountInString(in.Label) <= MaxTokenLabelLen, "label", "must be at most %d characters", MaxTokenLabelLen)
	v.Check(in.ExpiresAt == nil || in.ExpiresAt.After(now), "expires_at", "must be in the future")
	return v.Err()
}

// ErrUserInactive refuses a token for a deactivated user: it could never be used.
var ErrUserInactive = &ConflictError{Reason: "the user is deactivated: activate it before giving it a token"}

// CanManageTokens reports whether actor may list, create and revoke the
// tokens of the user ownerID: administrators everyone's, a user their own.
func CanManageTokens(actor User, ownerID string) bool {
	return actor.Has(PrivAdmin) || (actor.ID != "" && actor.ID == ownerID)
}
