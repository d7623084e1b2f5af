package activities

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/drumbeat-crm/drumbeat/metrics"
	"github.com/drumbeat-crm/drumbeat/store"
)

// DefaultOutboxLease is how long a sender's claim on outbox rows lasts
// unless it is renewed. A sender renews it every third of the lease while it
// sends, so only a sender that died (or lost PostgreSQL) lets it expire; its
// rows are then taken over by the next sender that wants them.
const DefaultOutboxLease = 30 * time.Second

// claimGroup is how many rows a sender claims at a time: small, so a sender
// that dies holds few rows, and concurrent senders of overlapping keys
// interleave.
const claimGroup = 50

// recordTimeout bounds one write of a message's outcome.
const recordTimeout = 10 * time.Second

// ErrClaimedElsewhere says that messages are still held by another sender
// after waiting a whole lease for them. The call fails for a retry: they are
// neither reported sent nor given up.
var ErrClaimedElsewhere = errors.New("still being sent by another sender")

func (a *Activities) outboxLease() time.Duration {
	if a.OutboxLease > 0 {
		return a.OutboxLease
	}
	return DefaultOutboxLease
}

// hostname names this process's claims (with its pid) so an operator can
// tell which worker holds a row.
var hostname = sync.OnceValue(func() string {
	h, _ := os.Hostname()
	return h
})

// newClaim returns a claim of its own for one send.
func (a *Activities) newClaim() store.Claim {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return store.Claim{By: fmt.Sprintf("%s:%d/%s", hostname(), os.Getpid(), hex.EncodeToString(b)), Lease: a.outboxLease()}
}

// outboxSender is what the claim loop needs of one outbox.
type outboxSender[M any] struct {
	box   store.Outbox
	claim func(ctx context.Context, c store.Claim, keys []string, limit int) ([]M, error)
	key   func(M) string
	// deliver sends claimed messages, recording each outcome as it arrives;
	// its error is a failure to record, which stops the sender.
	deliver func(ctx context.Context, c store.Claim, msgs []M) (delivery, error)
}

// delivery counts the outcomes of a send.
type delivery struct {
	sent, retry int
	// lastErr is the last passing failure.
	lastErr error
}

// sendClaimed delivers the unsent messages among keys, claiming them a small
// group at a time. Messages another sender holds are waited for, until they
// are sent or failed, or their claim expires and they are claimed here;
// after a lease without progress the call fails with ErrClaimedElsewhere. It
// fails (for a retry) when any delivery failed for a passing reason.
func sendClaimed[M any](ctx context.Context, a *Activities, s outboxSender[M], keys []string) (int, error) {
	if len(keys) == 0 {
		return 0, nil
	}
	c := a.newClaim()
	todo := slices.Compact(slices.Sorted(slices.Values(keys)))
	var total delivery
	var waitUntil time.Time
	for len(todo) > 0 {
		claimed, d, err := claimAndDeliver(ctx, a, s, c, todo)
		if err == nil && len(claimed) == 0 {
			// What is left is sent, failed, or held by another sender.
			if todo, err = a.Store.Unsent(ctx, s.box, todo); err != nil {
				return total.sent, err
			}
			if len(todo) == 0 {
				break
			}
			if waitUntil.IsZero() {
				waitUntil = time.Now().Add(c.Lease)
			} else if time.Now().After(waitUntil) {
				return total.sent, fmt.Errorf("%d of %d messages: %w", len(todo), len(keys), ErrClaimedElsewhere)
			}
			if err := pause(ctx, pollEvery(c.Lease)); err != nil {
				return total.sent, err
			}
			continue
		}
		waitUntil = time.Time{}
		todo = slices.DeleteFunc(todo, func(k string) bool { _, found := slices.BinarySearch(claimed, k); return found })
		total.sent, total.retry = total.sent+d.sent, total.retry+d.retry
		if d.lastErr != nil {
			total.lastErr = d.lastErr
		}
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			return total.sent, err
		}
	}
	if total.retry > 0 {
		return total.sent, fmt.Errorf("%d of %d messages not delivered yet: %w", total.retry, len(keys), total.lastErr)
	}
	return total.sent, nil
}

// claimAndDeliver claims the next group of todo and delivers it, as one
// send of the worker's send group (see sendGroup), and returns the keys it
// claimed, in order.
func claimAndDeliver[M any](ctx context.Context, a *Activities, s outboxSender[M], c store.Claim, todo []string) ([]string, delivery, error) {
	gctx, leave := a.sends.enter(ctx)
	defer leave()
	msgs, err := s.claim(gctx, c, todo, claimGroup)
	if err != nil || len(msgs) == 0 {
		return nil, delivery{}, a.sends.why(ctx, err)
	}
	claimed := make([]string, len(msgs))
	for i, m := range msgs {
		claimed[i] = s.key(m)
	}
	slices.Sort(claimed)
	d, err := a.holding(gctx, s.box, c, claimed, func(ctx context.Context) (delivery, error) { return s.deliver(ctx, c, msgs) })
	if d.lastErr != nil {
		d.lastErr = a.sends.why(ctx, d.lastErr)
	}
	return claimed, d, a.sends.why(ctx, err)
}

// holding runs send while it renews the claim on keys every third of the
// lease. A renewal that fails (PostgreSQL gone) stops the send: past its
// lease the claim no longer keeps other senders off the rows, so no further
// message may start.
func (a *Activities) holding(ctx context.Context, box store.Outbox, c store.Claim, keys []string,
	send func(context.Context) (delivery, error)) (delivery, error) {
	hctx, stop := context.WithCancel(ctx)
	defer stop()
	var renewErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(c.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-hctx.Done():
				return
			case <-t.C:
				if err := a.Store.RenewClaims(hctx, box, c, keys); err != nil {
					if hctx.Err() == nil {
						renewErr = fmt.Errorf("renew outbox claims: %w", err)
						stop()
					}
					return
				}
			}
		}
	}()
	d, err := send(hctx)
	stop()
	<-done
	if err == nil {
		err = renewErr
	}
	return d, err
}

// outcomes records each message's outcome as it arrives; it is safe for
// concurrent use (the SMTP pool reports from each connection).
type outcomes struct {
	a   *Activities
	box store.Outbox
	c   store.Claim
	// stop stops this delivery.
	stop func()

	mu       sync.Mutex
	d        delivery
	storeErr error
}

// record writes one message's outcome to its row at once: sent, failed for
// good (a *PermanentError), or handed back for a later attempt. The write
// goes through even while the activity is being cancelled. A write that
// fails stops every sender of the worker (one that cannot record what it
// sent must send no more, and neither may the others: see sendGroup); the
// rows it could not hand back are left for their claim to expire.
func (o *outcomes) record(ctx context.Context, key string, sendErr error) {
	o.mu.Lock()
	broken := o.storeErr != nil
	o.mu.Unlock()
	if broken && sendErr != nil {
		return
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	var perm *PermanentError
	var err error
	switch {
	case sendErr == nil:
		err = o.a.Store.MarkSent(wctx, o.box, key)
	case errors.As(sendErr, &perm):
		o.a.log().Warn("message refused", "outbox", o.box, "key", key, "error", sendErr)
		err = o.a.Store.Release(wctx, o.box, o.c, []string{key}, sendErr.Error(), true)
	default:
		err = o.a.Store.Release(wctx, o.box, o.c, []string{key}, sendErr.Error(), false)
	}
	if o.box == store.EmailOutbox && err == nil {
		switch {
		case sendErr == nil:
			metrics.EmailSent()
		default:
			metrics.EmailFailed(perm != nil)
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case err != nil:
		if o.storeErr == nil {
			o.storeErr = fmt.Errorf("record the outcome of %s: %w", key, err)
		}
		o.stop()
		o.a.sends.halt()
	case sendErr == nil:
		o.d.sent++
	case perm == nil:
		o.d.retry++
		o.d.lastErr = sendErr
	}
}

// result returns the counts and the first failure to record.
func (o *outcomes) result() (delivery, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.d, o.storeErr
}

// pollEvery is how often a sender looks again at messages another sender holds.
func pollEvery(lease time.Duration) time.Duration {
	return min(max(lease/20, 50*time.Millisecond), time.Second)
}

// pause waits d, or less when ctx ends.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
