package activities

import (
	"context"
	"errors"
	"sync"
)

// ErrSendsHalted says that a send stopped because another send of the same
// worker could not record an outcome (PostgreSQL failing). It is retryable.
var ErrSendsHalted = errors.New("stopped with the worker's other sends: one could not record an outcome")

// sendGroup is every send in progress in this worker (every activity,
// every lane), from the claim of a group of messages to the last outcome
// recorded. A delivery that cannot record a message's outcome stops them all
// at once: they share the worker's SMTP pool, and a message any of them
// started after PostgreSQL failed could not be recorded either, so it would
// go out again when the retry finds its row unsent. A group claimed before
// the failure is stopped too, even when its delivery has not begun. So the
// messages sent and not recorded after a failure are at most those already
// in flight on the pool's connections, however many sends the worker runs.
// Sends that enter later (PostgreSQL may be back) run as usual. The zero
// value is ready for use.
type sendGroup struct {
	mu    sync.Mutex
	seq   uint64
	stops map[uint64]context.CancelFunc
}

// enter returns the context of one send, claim and delivery, which halt
// cancels, and the function that ends it.
func (g *sendGroup) enter(ctx context.Context) (context.Context, func()) {
	ctx, stop := context.WithCancel(ctx)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stops == nil {
		g.stops = map[uint64]context.CancelFunc{}
	}
	g.seq++
	id := g.seq
	g.stops[id] = stop
	return ctx, func() {
		g.mu.Lock()
		delete(g.stops, id)
		g.mu.Unlock()
		stop()
	}
}

// halt stops every send in the group.
func (g *sendGroup) halt() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, stop := range g.stops {
		stop()
	}
}

// why is err as the caller of a send sees it: a cancellation that came from
// halt, not from ctx (the caller's own context), is ErrSendsHalted.
func (g *sendGroup) why(ctx context.Context, err error) error {
	if errors.Is(err, context.Canceled) && ctx.Err() == nil {
		return ErrSendsHalted
	}
	return err
}
