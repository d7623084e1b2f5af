package activities

import (
	"context"
	"time"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// OutboxWaker wakes the durable outbox sender (the worker provides it: a
// signal to the sender's workflow, which starts it when it does not run).
type OutboxWaker interface {
	WakeOutboxSender(ctx context.Context) error
}

// lostSender is how long past its planned wake a sender that did not look
// at the outbox is taken to be gone: a writer then wakes (and so restarts) it.
const lostSender = time.Minute

func (a *Activities) defaultZone() *time.Location {
	if a.DefaultTimeZone != nil {
		return a.DefaultTimeZone
	}
	return time.UTC
}

// holdBack applies to claimed messages the two rules that decide when each
// may go, and returns those that may go now. A message outside its send
// window, on its recipient's clock, is handed back due when the window
// opens; a message to a contact past the frequency cap is handed back due
// when the cap allows it, or skipped when its source says so. The outbox
// rows and the activities under their keys say which; the outbox sender
// sends the deferred ones when they fall due.
func (a *Activities) holdBack(ctx context.Context, c store.Claim, msgs []store.OutboxMessage) ([]store.OutboxMessage, error) {
	now := time.Now()
	var later []store.Deferral
	var capped []store.CapCandidate
	out := make([]store.OutboxMessage, 0, len(msgs))
	for _, m := range msgs {
		if w := m.SendWindow; w != nil {
			loc := domain.TimeZone(m.TimeZone, a.defaultZone())
			if !w.Contains(now, loc) {
				at := w.Next(now, loc)
				if at.IsZero() { // a window that never opens: look again tomorrow
					at = now.Add(24 * time.Hour)
				}
				later = append(later, store.Deferral{Key: m.Key, At: at, Reason: "outside the send window"})
				continue
			}
		}
		out = append(out, m)
		if a.FrequencyCap.Set() && m.ContactID != "" {
			capped = append(capped, store.CapCandidate{Key: m.Key, ContactID: m.ContactID, Skip: m.OverCap == domain.OverCapSkip})
		}
	}
	if err := a.Store.Defer(ctx, c, later); err != nil {
		return nil, err
	}
	if len(capped) > 0 {
		res, err := a.Store.ApplyFrequencyCap(ctx, c, capped, a.FrequencyCap)
		if err != nil {
			return nil, err
		}
		held := map[string]bool{}
		for _, k := range res.Skipped {
			held[k] = true
		}
		for _, d := range res.Deferred {
			held[d.Key] = true
		}
		kept := out[:0]
		for _, m := range out {
			if !held[m.Key] {
				kept = append(kept, m)
			}
		}
		out = kept
		later = append(later, res.Deferred...)
	}
	if len(later) > 0 {
		a.wakeSender(ctx)
	}
	return out, nil
}

// wakeSender wakes the outbox sender when the earliest waiting message falls
// due before the sender plans to look at the outbox, or when that plan is
// long past (the sender is gone). A failed wake is logged: the sender also
// looks at the outbox on its own every senderIdle.
func (a *Activities) wakeSender(ctx context.Context) {
	if a.Waker == nil {
		return
	}
	next, wake, now, err := a.Store.OutboxWakeCheck(ctx)
	if err == nil && next != nil && (wake == nil || next.Before(*wake) || wake.Before(now.Add(-lostSender))) {
		err = a.Waker.WakeOutboxSender(ctx)
	}
	if err != nil {
		a.log().Warn("wake the outbox sender", "error", err)
	}
}

// hasDelayedEmail reports whether a status's actions include a delayed email
// (its outbox row waits for the outbox sender).
func hasDelayedEmail(actions []domain.Action) bool {
	for _, act := range actions {
		if act.Kind == domain.ActionEmail && act.DelaySeconds > 0 {
			return true
		}
	}
	return false
}

// heldItem is a batch item's result when its message was held back at send
// time: suppressed or skipped (a skipped item, saying why), or deferred to a
// later moment (a succeeded item saying until when: the outbox sender sends
// it then).
func heldItem(seq int, st store.OutboxState) (domain.ItemResult, bool) {
	switch {
	case st.Status == store.OutboxSuppressed || st.Status == "skipped":
		return domain.ItemResult{Seq: seq, Status: domain.ItemSkipped, Message: st.LastError}, true
	case st.Waiting():
		at := st.DueAt.UTC().Format(time.RFC3339)
		return domain.ItemResult{Seq: seq, Status: domain.ItemSucceeded, Message: st.LastError + " until " + at,
			Result: map[string]string{"deferred_until": at}}, true
	}
	return domain.ItemResult{}, false
}
