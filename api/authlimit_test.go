package api

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	must "github.com/stretchr/testify/require" // api has its own require
)

// TestAuthLimiterBucket checks the token bucket on a clock the test moves:
// a burst of perMinute, then one attempt per minute/perMinute, successes
// given back, each address on its own, and IPv6 counted per /64.
func TestAuthLimiterBucket(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	l := newAuthLimiter(3, func() time.Time { return now })
	a, b := clientKey("192.0.2.1"), clientKey("192.0.2.2")

	for i := range 3 {
		ok, _ := l.take(a)
		must.True(t, ok, "attempt %d", i+1)
	}
	ok, wait := l.take(a)
	assert.False(t, ok, "the fourth failure in a minute is refused")
	assert.Equal(t, 20*time.Second, wait, "one attempt comes back every 60s/3")
	ok, _ = l.take(b)
	assert.True(t, ok, "another address has its own budget")

	now = now.Add(10 * time.Second)
	ok, wait = l.take(a)
	assert.False(t, ok)
	assert.Equal(t, 10*time.Second, wait)
	now = now.Add(10 * time.Second)
	ok, _ = l.take(a)
	assert.True(t, ok, "20 seconds later one attempt is back")
	ok, _ = l.take(a)
	assert.False(t, ok, "and only one")

	// A success gives its attempt back: valid tokens never use up the budget.
	c := clientKey("192.0.2.3")
	for range 10 {
		ok, _ := l.take(c)
		must.True(t, ok)
		l.giveBack(c)
	}

	// IPv6 addresses of one /64 share a budget; an IPv4-mapped address is IPv4.
	assert.Equal(t, clientKey("2001:db8:1:2::1"), clientKey("2001:db8:1:2:ffff::9"))
	assert.NotEqual(t, clientKey("2001:db8:1:2::1"), clientKey("2001:db8:1:3::1"))
	assert.Equal(t, clientKey("192.0.2.1"), clientKey("::ffff:192.0.2.1"))

	// Buckets that refilled are forgotten once many addresses are tracked.
	now = now.Add(time.Hour)
	l.forgetFull(now)
	assert.Empty(t, l.buckets)
}
