package activities

import (
	"context"
	"errors"
	"sync"
	"time"
)

// mark is how far the leading side of a bulk pass has got: the cursor after
// its last finished page, and whether it has finished. The following side
// reads its own pages up to the mark from PostgreSQL, so no page waits in
// memory between the two, and the leading side never waits for the other.
type mark struct {
	mu    sync.Mutex
	at    string
	done  bool
	moved chan struct{} // closed, and replaced, at every move
}

func newMark(at string) *mark { return &mark{at: at, moved: make(chan struct{})} }

// advance moves the mark to the cursor after a finished page.
func (m *mark) advance(at string) { m.move(func() { m.at = at }) }

// finish says the leading side has no more pages.
func (m *mark) finish() { m.move(func() { m.done = true }) }

func (m *mark) move(change func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	change()
	close(m.moved)
	m.moved = make(chan struct{})
}

// read returns the mark, and a channel closed at its next move.
func (m *mark) read() (at string, done bool, moved <-chan struct{}) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.at, m.done, m.moved
}

// follow runs a bulk pass on two sides. lead does the SQL and sends the
// messages page after page, from the cursor from (where a previous
// attempt's lead had got), advancing the mark after each page; it never
// waits for the other side, which is what keeps delivery at the speed of
// SQL and SMTP however slowly workflows start. catchUp starts the
// participant workflows of every page up to the mark (reading them itself,
// from its own cursor); it reports done to end the pass early. alive is
// called while catchUp waits.
//
// catchUp runs only while the leading side leaves the machine to it: once
// lead has finished, or when the mark has not moved for quiet (the sender
// waits for its send rate, a send window or a slow SMTP server). Workflow
// starts cost the Temporal server far more CPU than a page of SQL and SMTP
// costs anyone, so starting them beside a sender that runs at full speed
// slows delivery for every recipient (on two cores, by about five times)
// to have workflows a few seconds earlier; the participant workflows only
// wait for the next change, which reaches a participant without one anyway.
//
// A failure of either side stops the other at once, through the context
// each runs with: lead sends no more messages and catchUp starts no more
// workflows. A retry resumes each side from its own cursor, and every page
// repeats nothing. follow returns once both sides have ended, with the
// failure that stopped them.
func follow(ctx context.Context, alive func(), from string, quiet time.Duration,
	lead func(ctx context.Context, m *mark) error, catchUp func(ctx context.Context, upTo string) (done bool, err error)) error {
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	m := newMark(from)
	// leadErr is the leading side's own failure, not the consequence of a
	// stop; it is read once ended is closed.
	var leadErr error
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		if err := lead(lctx, m); err != nil && lctx.Err() == nil {
			leadErr = err
			stop()
			return
		}
		m.finish()
	}()
	finish := func(err error) error {
		stop()
		<-ended
		if leadErr != nil && (err == nil || errors.Is(err, context.Canceled)) {
			return leadErr
		}
		if err == nil {
			err = ctx.Err()
		}
		return err
	}
	ticker := time.NewTicker(aliveEvery)
	defer ticker.Stop()
	// still fires once the mark has not moved for quiet; pages up to from,
	// sent by an earlier attempt, count as a move.
	still := time.NewTimer(quiet)
	defer still.Stop()
	caught, idle := "", false
	for {
		at, last, moved := m.read()
		if lctx.Err() != nil {
			return finish(nil)
		}
		if last || (idle && at != caught) {
			done, err := catchUp(lctx, at)
			if done || err != nil || last {
				return finish(err)
			}
			// Wait for the next quiet spell: the lead may have moved on.
			caught, idle = at, false
			still.Reset(quiet)
			continue
		}
		select {
		case <-moved:
			idle = false
			still.Reset(quiet)
		case <-still.C:
			idle = true
		case <-lctx.Done():
			return finish(nil)
		case <-ticker.C:
			alive()
		}
	}
}

// leading is the longest prefix of xs whose elements keep holds for: the
// part of a page in seq or id order that one side of a bulk pass may take
// (up to the other side's mark, or up to the first item still pending).
func leading[T any](xs []T, keep func(T) bool) []T {
	n := 0
	for n < len(xs) && keep(xs[n]) {
		n++
	}
	return xs[:n]
}
