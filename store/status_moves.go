package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// statusMoves are the status changes of a page of a batch status update,
// gathered so that they are written as one UPDATE of the participants and
// one INSERT of their log lines, not two statements each.
type statusMoves struct {
	keys, ids, from, to []string
	n                   []int32
	// work and outcome are where each move's participant sits in the
	// page's work and outcomes, to give it its status_since.
	work, outcome []int
	moving        map[string]bool
}

// add records that participant id moves from -> to as transition n (key:
// its batch item's key).
func (m *statusMoves) add(key, id, from, to string, n, work, outcome int) {
	m.keys, m.ids, m.from, m.to = append(m.keys, key), append(m.ids, id), append(m.from, from), append(m.to, to)
	m.n, m.work, m.outcome = append(m.n, int32(n)), append(m.work, work), append(m.outcome, outcome)
	if m.moving == nil {
		m.moving = map[string]bool{}
	}
	m.moving[id] = true
}

// has reports whether participant id moves already.
func (m *statusMoves) has(id string) bool { return m.moving[id] }

// write runs the moves in tx and returns each one's status_since, in order.
func (m *statusMoves) write(ctx context.Context, tx pgx.Tx, campaignID, actorID string) ([]time.Time, error) {
	if len(m.ids) == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, q("set_participant_statuses"), m.ids, m.to, m.n)
	if err != nil {
		return nil, err
	}
	type moved struct {
		id    string
		since time.Time
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (moved, error) {
		var mv moved
		return mv, r.Scan(&mv.id, &mv.since)
	})
	if err != nil {
		return nil, err
	}
	at := make(map[string]time.Time, len(got))
	for _, g := range got {
		at[g.id] = g.since
	}
	since := make([]time.Time, len(m.ids))
	for i, id := range m.ids {
		since[i] = at[id]
	}
	_, err = tx.Exec(ctx, q("insert_status_logs"), m.keys, campaignID, m.ids, m.n, m.from, m.to, nullable(actorID))
	return since, err
}
