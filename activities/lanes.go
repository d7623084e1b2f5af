package activities

import (
	"context"
	"sync"
)

// claimLanes is how many claimed groups one sender delivers at once. With
// two, the next group is claimed while one is being sent, and its messages
// take the pool's connections as the first group's last ones finish:
// PostgreSQL's claim (about a fifth of a group's time at 50 messages) and
// the SMTP pool overlap instead of taking turns. The pool still bounds how
// many messages are in flight, so a crash re-sends no more than before; a
// sender holds at most claimLanes groups of rows.
const claimLanes = 2

// lanes runs a sender's deliveries, at most claimLanes at a time, and keeps
// their counts and the first failure. A failure stops every lane at once
// (through ctx), so that no lane starts a message after another found it
// cannot record what it sent.
type lanes struct {
	ctx   context.Context
	stop  context.CancelFunc
	slots chan struct{}
	wg    sync.WaitGroup

	mu    sync.Mutex
	total delivery
	err   error
}

func newLanes(ctx context.Context) *lanes {
	l := &lanes{slots: make(chan struct{}, claimLanes)}
	l.ctx, l.stop = context.WithCancel(ctx)
	return l
}

// halt records err as the reason the lanes stop (unless one is recorded
// already) and stops them.
func (l *lanes) halt(err error) {
	l.mu.Lock()
	if l.err == nil {
		l.err = err
	}
	l.mu.Unlock()
	l.stop()
}

// failure is why the lanes stopped, or nil while they run.
func (l *lanes) failure() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return l.err
	}
	return l.ctx.Err()
}

// free waits for a lane to be free, unless the lanes stopped (which wins
// over a free lane).
func (l *lanes) free() error {
	if err := l.failure(); err != nil {
		return err
	}
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-l.ctx.Done():
		return l.failure()
	}
}

// run delivers on the lane free took.
func (l *lanes) run(deliver func(ctx context.Context) (delivery, error)) {
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		defer func() { <-l.slots }()
		d, err := deliver(l.ctx)
		l.mu.Lock()
		l.total.sent, l.total.retry = l.total.sent+d.sent, l.total.retry+d.retry
		if d.lastErr != nil {
			l.total.lastErr = d.lastErr
		}
		l.mu.Unlock()
		if err != nil {
			l.halt(err)
		}
	}()
}

// idle waits until no lane delivers, and says whether they stopped.
func (l *lanes) idle() error {
	l.wg.Wait()
	return l.failure()
}

// wait ends the lanes: it waits for every delivery and returns the counts
// and the first failure.
func (l *lanes) wait() (delivery, error) {
	l.wg.Wait()
	err := l.failure()
	l.stop()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total, err
}
