package activities

import (
	"context"
	"sync"
	"time"

	"github.com/drumbeat-crm/drumbeat/store"
)

// Pacer spaces messages out before they are handed to the SMTP server.
// Wait returns when the next message may go; upcoming is how many the
// caller still has to send, so a pacer may reserve for several at once.
type Pacer interface {
	Wait(ctx context.Context, upcoming int) error
}

// SendRate keeps EMAIL_RATE, messages per second across every worker of the
// deployment, in one place: PostgreSQL's send_rate row, from which every
// sender reserves the moments of its next messages (store.ReserveSends).
// Moments follow one another 1/PerSecond apart whichever worker reserved
// them, so the SMTP server sees the rate however many workers there are.
// A worker reserves a few moments at a time (a tenth of a second's worth,
// at most as many as it has messages for) to keep the row cool, and drops
// a moment it reserved but let pass: sent late, it would crowd the moment
// of another worker.
type SendRate struct {
	Store     *store.Store
	PerSecond float64

	mu    sync.Mutex
	slots []time.Time
}

// Wait implements Pacer.
func (r *SendRate) Wait(ctx context.Context, upcoming int) error {
	at, err := r.next(ctx, upcoming)
	if err != nil {
		return err
	}
	return pause(ctx, time.Until(at))
}

func (r *SendRate) interval() time.Duration {
	return time.Duration(float64(time.Second) / r.PerSecond)
}

// chunk is how many moments one reservation takes at most.
func (r *SendRate) chunk() int { return min(max(int(r.PerSecond/10), 1), 500) }

func (r *SendRate) next(ctx context.Context, upcoming int) (time.Time, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	gap := r.interval()
	for len(r.slots) > 0 && r.slots[0].Before(time.Now().Add(-gap)) {
		r.slots = r.slots[1:]
	}
	if len(r.slots) == 0 {
		n := min(max(upcoming, 1), r.chunk())
		delay, err := r.Store.ReserveSends(ctx, n, r.PerSecond)
		if err != nil {
			return time.Time{}, err
		}
		first := time.Now().Add(delay)
		for i := range n {
			r.slots = append(r.slots, first.Add(time.Duration(i)*gap))
		}
	}
	at := r.slots[0]
	r.slots = r.slots[1:]
	return at, nil
}
