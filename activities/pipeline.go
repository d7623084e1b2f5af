package activities

import (
	"context"
	"time"
)

// lookahead bounds how many pages the SQL-and-SMTP side of a bulk pass may
// run ahead of the workflow starts.
const lookahead = 20

// aliveEvery is how often a bulk pass heartbeats while it waits.
const aliveEvery = 5 * time.Second

// pipeline runs a bulk pass on two sides at once: produce does the SQL and
// sends the messages page after page and hands each finished page on;
// consume starts the page's participant workflows and records the progress.
// Delivery is bound by SQL and SMTP while the workflows catch up behind, at
// most lookahead pages later. alive is called while consume waits. consume
// returning done (or an error) stops produce; pipeline returns once both
// sides have ended, with the first error.
func pipeline[P any](ctx context.Context, alive func(),
	produce func(ctx context.Context, out chan<- P) error, consume func(P) (done bool, err error)) error {
	pctx, stop := context.WithCancel(ctx)
	defer stop()
	pages := make(chan P, lookahead)
	var produceErr error
	go func() {
		defer close(pages)
		produceErr = produce(pctx, pages)
	}()
	// finish stops the producing side and waits for it before returning.
	finish := func(err error) error {
		stop()
		for range pages {
		}
		return err
	}
	ticker := time.NewTicker(aliveEvery)
	defer ticker.Stop()
	for {
		select {
		case page, ok := <-pages:
			if !ok {
				return produceErr
			}
			if done, err := consume(page); done || err != nil {
				return finish(err)
			}
		case <-ticker.C:
			alive()
		}
	}
}

// handOn passes a finished page to the consuming side, unless the pass was
// stopped. It checks first: once stopped, a free slot in the channel (the
// consuming side draining it) must not win over the stop.
func handOn[P any](ctx context.Context, out chan<- P, page P) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case out <- page:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
