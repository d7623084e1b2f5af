package authlimit

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	must "github.com/stretchr/testify/require"
)

// TestAuthLimiterBucket checks the token bucket on a clock the test moves:
// a burst of perMinute, then one attempt per minute/perMinute, successes
// given back, each address on its own, and IPv6 counted per /64.
func TestAuthLimiterBucket(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	l := New(3, func() time.Time { return now })
	a, b := Key("192.0.2.1"), Key("192.0.2.2")

	for i := range 3 {
		ok, _ := l.Take(a)
		must.True(t, ok, "attempt %d", i+1)
	}
	ok, wait := l.Take(a)
	assert.False(t, ok, "the fourth failure in a minute is refused")
	assert.Equal(t, 20*time.Second, wait, "one attempt comes back every 60s/3")
	ok, _ = l.Take(b)
	assert.True(t, ok, "another address has its own budget")

	now = now.Add(10 * time.Second)
	ok, wait = l.Take(a)
	assert.False(t, ok)
	assert.Equal(t, 10*time.Second, wait)
	now = now.Add(10 * time.Second)
	ok, _ = l.Take(a)
	assert.True(t, ok, "20 seconds later one attempt is back")
	ok, _ = l.Take(a)
	assert.False(t, ok, "and only one")

	// A success gives its attempt back: valid tokens never use up the budget.
	c := Key("192.0.2.3")
	for range 10 {
		ok, _ := l.Take(c)
		must.True(t, ok)
		l.GiveBack(c)
	}

	// IPv6 addresses of one /64 share a budget; an IPv4-mapped address is IPv4.
	assert.Equal(t, Key("2001:db8:1:2::1"), Key("2001:db8:1:2:ffff::9"))
	assert.NotEqual(t, Key("2001:db8:1:2::1"), Key("2001:db8:1:3::1"))
	assert.Equal(t, Key("192.0.2.1"), Key("::ffff:192.0.2.1"))

	// Buckets that refilled are forgotten once many addresses are tracked.
	now = now.Add(time.Hour)
	l.forgetFull(now)
	assert.Empty(t, l.buckets)
}

// TestAllowedSpendsNothingAndFailSpends: Allowed only looks at the budget;
// Fail spends from it, and an address out of attempts is not allowed.
func TestAllowedSpendsNothingAndFailSpends(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	l := New(2, func() time.Time { return now })
	a := Key("192.0.2.9")
	for range 10 {
		ok, _ := l.Allowed(a)
		must.True(t, ok, "looking costs nothing")
	}
	l.Fail(a)
	ok, _ := l.Allowed(a)
	assert.True(t, ok, "one failure of two")
	l.Fail(a)
	ok, wait := l.Allowed(a)
	assert.False(t, ok, "two failures: the budget is spent")
	assert.Equal(t, 30*time.Second, wait)
	now = now.Add(30 * time.Second)
	ok, _ = l.Allowed(a)
	assert.True(t, ok, "an attempt came back")
}
