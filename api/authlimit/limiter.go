// Package authlimit limits failed authentications per client address. The
// JSON API (bearer tokens) and the web sign-in (passwords) share one limiter,
// so alternating between them buys a guesser nothing.
package authlimit

import (
	"math"
	"net/netip"
	"sync"
	"time"
)

// Limiter rate limits failed authentications per client address with a
// token bucket in memory: each address may fail perMinute times in a burst,
// and earns one more attempt every minute/perMinute. It is per API process;
// several API processes each allow their own budget.
//
// Every authentication takes an attempt up front and a success gives it
// back, so that parallel guesses cannot overshoot the budget, and so that an
// address out of attempts is refused even with a valid token: if a correct
// guess were let through while wrong ones are refused, the refusal would tell
// a guesser nothing and the limit would not slow guessing at all.
type Limiter struct {
	perMinute float64
	now       func() time.Time

	mu      sync.Mutex
	buckets map[netip.Prefix]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets is how many addresses are tracked before full buckets (addresses
// that have not failed for a minute) are forgotten.
const maxBuckets = 10000

// New returns a limiter allowing perMinute failures in a burst and
// perMinute a minute after that, on the clock now.
func New(perMinute int, now func() time.Time) *Limiter {
	return &Limiter{perMinute: float64(perMinute), now: now, buckets: map[netip.Prefix]*bucket{}}
}

// Key is the unit a limit applies to: an IPv4 address, or an IPv6 /64
// (one customer's network: anyone holding it can pick any address in it).
func Key(ip string) netip.Prefix {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return netip.Prefix{}
	}
	a = a.Unmap()
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits)
	return p
}

// refilled brings b up to date at now and returns its tokens.
func (l *Limiter) refilled(b *bucket, now time.Time) float64 {
	b.tokens = math.Min(l.perMinute, b.tokens+now.Sub(b.at).Minutes()*l.perMinute)
	b.at = now
	return b.tokens
}

// Take spends one attempt for the address; when none is left it returns
// false and how long until the next one.
func (l *Limiter) Take(key netip.Prefix) (bool, time.Duration) {
	return l.check(key, true)
}

// Allowed reports whether the address has an attempt left, without spending
// it, and otherwise how long until the next one. With Fail it serves secrets
// that cannot be guessed (256-bit API tokens): requests in flight at once
// from one address (an integration's parallel calls) need no attempt each,
// and a burst of failures overshoots the budget by at most the requests in
// flight when it ran out.
func (l *Limiter) Allowed(key netip.Prefix) (bool, time.Duration) {
	return l.check(key, false)
}

// Fail spends one attempt of the address for a failed authentication.
func (l *Limiter) Fail(key netip.Prefix) { l.check(key, true) }

// check brings the address's bucket up to date and, when spend is set and
// an attempt is left, spends it.
func (l *Limiter) check(key netip.Prefix, spend bool) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.forgetFull(now)
		}
		b = &bucket{tokens: l.perMinute, at: now}
		l.buckets[key] = b
	}
	if l.refilled(b, now) >= 1 {
		if spend {
			b.tokens--
		}
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.perMinute * float64(time.Minute))
	return false, wait
}

// GiveBack returns the attempt of a successful authentication.
func (l *Limiter) GiveBack(key netip.Prefix) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.buckets[key]; ok {
		b.tokens = math.Min(l.perMinute, b.tokens+1)
	}
}

// forgetFull drops the buckets that have refilled completely: a new bucket
// for the same address would be the same.
func (l *Limiter) forgetFull(now time.Time) {
	for k, b := range l.buckets {
		if l.refilled(b, now) >= l.perMinute {
			delete(l.buckets, k)
		}
	}
}
