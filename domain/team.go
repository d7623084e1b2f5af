package domain

import (
	"strings"
	"time"
)

// TeamRole is a campaign team member's role.
type TeamRole string

// Team roles (seed 000). A campaign has exactly one Manager, its manager_id;
// any number of users may be Sponsor or Support, and one user may hold
// several roles.
const (
	RoleManager TeamRole = "Manager"
	RoleSponsor TeamRole = "Sponsor"
	RoleSupport TeamRole = "Support"
)

// ParseTeamRole reads a role name, ignoring case.
func ParseTeamRole(s string) (TeamRole, bool) {
	for _, r := range []TeamRole{RoleManager, RoleSponsor, RoleSupport} {
		if strings.EqualFold(strings.TrimSpace(s), string(r)) {
			return r, true
		}
	}
	return "", false
}

// TeamMember is one role a user holds on a campaign's team.
type TeamMember struct {
	UserID  string    `json:"user_id"`
	Name    string    `json:"name"`
	Email   string    `json:"email"`
	Role    TeamRole  `json:"role"`
	AddedAt time.Time `json:"added_at"`
}

// TeamMemberInput adds a user to a campaign's team in a role.
type TeamMemberInput struct {
	UserID string `json:"user_id"`
	Role   string `json:"role"`
}

// Validate checks the input and returns its role.
func (in TeamMemberInput) Validate() (TeamRole, error) {
	var v Validator
	v.Check(IsUUID(in.UserID), "user_id", "must be a user id")
	role, ok := ParseTeamRole(in.Role)
	v.Check(ok, "role", "must be Manager, Sponsor or Support")
	if err := v.Err(); err != nil {
		return "", err
	}
	if role == RoleManager {
		return "", &ConflictError{Reason: "a campaign has exactly one Manager, its manager: to make someone else the Manager, change the campaign's manager_id with PATCH /api/v1/campaigns/{id}"}
	}
	return role, nil
}

// ErrManagerStays refuses to remove the Manager from a campaign's team.
var ErrManagerStays = &ConflictError{Reason: "the campaign's Manager cannot be removed from the team: change the campaign's manager_id with PATCH /api/v1/campaigns/{id} instead"}

// CanRemoveTeamRole returns nil when a user's role may be taken away from
// the campaign's team: never the Manager's (ErrManagerStays; the manager
// changes with the campaign), and nobody else holds the Manager role
// (ErrNotFound).
func (c Campaign) CanRemoveTeamRole(userID string, role TeamRole) error {
	switch {
	case role != RoleManager:
		return nil
	case c.ManagerID == userID:
		return ErrManagerStays
	}
	return ErrNotFound
}
