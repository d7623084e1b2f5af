package domain

import "time"

// How long a web session lives: it ends after SessionIdleTimeout without a
// request, and SessionLifetime after sign-in whatever happens. A working day
// of inactivity signs a person out; nobody stays signed in for more than a week.
const (
	SessionIdleTimeout = 12 * time.Hour
	SessionLifetime    = 7 * 24 * time.Hour
)

// Session is a signed-in browser: its user (read afresh on every request, so
// a change of privileges applies at once) and the secret its forms carry.
type Session struct {
	User       User
	CSRFSecret []byte
	ExpiresAt  time.Time
}
