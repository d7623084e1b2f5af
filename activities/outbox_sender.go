package activities

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// dueBudget bounds one run of SendDueEmails: a long drain is several
// activities, each heartbeating, so a retry repeats little.
const dueBudget = time.Minute

// dueLanes is how many claim groups SendDueEmails sends at once, so the
// SMTP pool stays busy while a group is claimed or recorded.
const dueLanes = 4

// SendDueEmailsResult is what one drain of the waiting outbox did.
type SendDueEmailsResult struct {
	Sent int
	// More is set when the run stopped at its budget with rows still due.
	More bool
	// NextDue is when the earliest row still waiting falls due (nil: none).
	NextDue *time.Time
}

// SendDueEmails is the durable outbox sender's activity: it claims, a group
// at a time, the pending emails whose due time has come (delayed emails,
// and those a send window or the frequency cap deferred), earliest first,
// and sends them through the same claim, suppression, window, cap and
// per-message marking as every other send path. A message another sender
// holds is left to it. When none is due any more it records when it looks
// next (store.PlanOutboxWake) and returns that time.
func (a *Activities) SendDueEmails(ctx context.Context) (SendDueEmailsResult, error) {
	deadline := time.Now().Add(dueBudget)
	var mu sync.Mutex
	var res SendDueEmailsResult
	errs := make([]error, dueLanes)
	due := a.dueEmails()
	var wg sync.WaitGroup
	for lane := range dueLanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := a.newClaim()
			for ctx.Err() == nil {
				if time.Now().After(deadline) {
					mu.Lock()
					res.More = true
					mu.Unlock()
					return
				}
				keys, d, err := claimAndDeliver(ctx, a, due, c, nil)
				if err != nil || len(keys) == 0 {
					errs[lane] = err
					return
				}
				if d.lastErr != nil {
					a.log().Warn("due emails not delivered yet", "count", d.retry, "error", d.lastErr)
				}
				if err == nil {
					err = a.noteDripResults(ctx, keys)
				}
				mu.Lock()
				res.Sent += d.sent
				activity.RecordHeartbeat(ctx, res.Sent)
				mu.Unlock()
				if err != nil {
					errs[lane] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if res.More {
		return res, nil
	}
	next, err := a.Store.PlanOutboxWake(ctx)
	res.NextDue = next
	return res, err
}

// dueEmails is the claim loop's view of the due rows (see claimAndDeliver):
// its claim takes the earliest due, whatever the keys.
func (a *Activities) dueEmails() outboxSender[store.OutboxMessage] {
	return outboxSender[store.OutboxMessage]{
		box: store.EmailOutbox,
		claim: func(ctx context.Context, c store.Claim, _ []string, limit int) ([]store.OutboxMessage, error) {
			return a.Store.ClaimDueEmails(ctx, c, limit)
		},
		key:     func(m store.OutboxMessage) string { return m.Key },
		deliver: a.deliverEmails,
	}
}

// noteDripResults writes on each drip step whose email the outbox sender
// handled what became of it (see stepResult).
func (a *Activities) noteDripResults(ctx context.Context, keys []string) error {
	var drips []string
	for _, k := range keys {
		if strings.HasPrefix(k, "drip/") {
			drips = append(drips, k)
		}
	}
	if len(drips) == 0 {
		return nil
	}
	states, err := a.Store.OutboxStates(ctx, drips)
	if err != nil {
		return err
	}
	for _, k := range drips {
		campaignID, contactID, enrollment, step, ok := domain.ParseDripStepKey(k)
		if !ok {
			continue
		}
		if err := a.Store.SetDripStepResult(ctx, campaignID, contactID, enrollment, step, stepResult(states[k])); err != nil {
			return err
		}
	}
	return nil
}
