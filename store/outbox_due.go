package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// Deferral is a claimed message handed back unsent, due again At, and why.
type Deferral struct {
	Key    string
	At     time.Time
	Reason string
}

// Defer hands back claim c on claimed messages without sending them: each
// is due again at its time (the outbox sender sends it then) and says why.
func (s *Store) Defer(ctx context.Context, c Claim, ds []Deferral) error {
	if len(ds) == 0 {
		return nil
	}
	return deferIn(ctx, s.pool, c, ds)
}

// execer is a pool or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func deferIn(ctx context.Context, db execer, c Claim, ds []Deferral) error {
	keys, ats, reasons := make([]string, len(ds)), make([]time.Time, len(ds)), make([]string, len(ds))
	for i, d := range ds {
		keys[i], ats[i], reasons[i] = d.Key, d.At, d.Reason
	}
	_, err := db.Exec(ctx, q("outbox_defer"), keys, c.By, ats, reasons)
	return err
}

// CapCandidate is a claimed message the frequency cap decides about.
type CapCandidate struct {
	Key       string
	ContactID string
	// Skip ends the message when it is past the cap, instead of deferring it.
	Skip bool
}

// CapOutcome is what the frequency cap decided: the keys it lets through,
// and those it deferred or skipped (already written).
type CapOutcome struct {
	Through  []string
	Deferred []Deferral
	Skipped  []string
}

// ApplyFrequencyCap decides, for claimed messages to contacts, whether each
// stays within the cap: at most cap.Max let through per contact in any
// rolling cap.Period, counting every campaign and drip. The decisions about
// one contact are taken one transaction at a time (an advisory lock per
// contact), so two senders cannot both let a contact's third email through.
// Those through are counted at once; the others are deferred to the first
// moment the cap allows them, or skipped when their source says so.
func (s *Store) ApplyFrequencyCap(ctx context.Context, c Claim, cands []CapCandidate, cap domain.FrequencyCap) (CapOutcome, error) {
	var out CapOutcome
	if len(cands) == 0 {
		return out, nil
	}
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		out = CapOutcome{}
		contacts, keys := make([]string, len(cands)), make([]string, len(cands))
		for i, m := range cands {
			contacts[i], keys[i] = m.ContactID, m.Key
		}
		if _, err := tx.Exec(ctx, q("outbox_cap_lock"), contacts); err != nil {
			return err
		}
		var now time.Time
		if err := tx.QueryRow(ctx, q("db_now")).Scan(&now); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, q("outbox_cap_recent"), contacts, float64(cap.Period)/float64(time.Millisecond), keys)
		if err != nil {
			return err
		}
		recent := map[string][]time.Time{}
		for rows.Next() {
			var id string
			var at time.Time
			if err := rows.Scan(&id, &at); err != nil {
				return err
			}
			recent[id] = append(recent[id], at)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		reason := "frequency cap (" + cap.String() + ")"
		for _, m := range cands {
			ok, at := cap.Allows(recent[m.ContactID], now)
			switch {
			case ok:
				recent[m.ContactID] = append(recent[m.ContactID], now)
				out.Through = append(out.Through, m.Key)
			case m.Skip:
				out.Skipped = append(out.Skipped, m.Key)
			default:
				out.Deferred = append(out.Deferred, Deferral{Key: m.Key, At: at, Reason: reason})
			}
		}
		if _, err := tx.Exec(ctx, q("outbox_count"), out.Through, c.By); err != nil {
			return err
		}
		if len(out.Skipped) > 0 {
			if _, err := tx.Exec(ctx, q("outbox_skip"), out.Skipped, c.By, reason); err != nil {
				return err
			}
		}
		if len(out.Deferred) > 0 {
			return deferIn(ctx, tx, c, out.Deferred)
		}
		return nil
	})
	return out, err
}

// PlanOutboxWake records when the outbox sender looks at the outbox next:
// the earliest due time of a waiting row (nil when none waits). It reads
// the earliest due time again after recording it, and records that one
// when it is earlier: a row written meanwhile either is seen by the second
// read or its writer sees the recorded time and wakes the sender (see
// OutboxWakeAt), so no row waits past its due time for a sender asleep.
func (s *Store) PlanOutboxWake(ctx context.Context) (*time.Time, error) {
	var planned *time.Time
	for first := true; ; first = false {
		var next *time.Time
		if err := s.pool.QueryRow(ctx, q("outbox_next_due")).Scan(&next); err != nil {
			return nil, err
		}
		if !first && (next == nil || (planned != nil && !next.Before(*planned))) {
			return planned, nil
		}
		planned = next
		if _, err := s.pool.Exec(ctx, q("outbox_plan_wake"), planned); err != nil {
			return nil, err
		}
	}
}

// OutboxWakeCheck returns when the earliest waiting row falls due (nil:
// none waits), when the outbox sender plans to look next (nil: only when
// woken) and PostgreSQL's now: a writer of waiting rows wakes the sender
// when the first is due before it looks.
func (s *Store) OutboxWakeCheck(ctx context.Context) (next, wake *time.Time, now time.Time, err error) {
	err = s.pool.QueryRow(ctx, q("outbox_wake_check")).Scan(&next, &wake, &now)
	return next, wake, now, err
}
