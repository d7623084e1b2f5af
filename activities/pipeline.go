package activities

import (
	"context"
	"errors"
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
// most lookahead pages later. alive is called while consume waits. A failure
// of either side stops the other at once, through the context each side
// runs with: the consuming side starts no more of the pages handed on (a
// retry resumes after the last page it finished, and every page repeats
// nothing), and the producing side sends no more messages. consume
// returning done stops produce too; pipeline returns once both sides have
// ended, with the failure that stopped them.
func pipeline[P any](ctx context.Context, alive func(),
	produce func(ctx context.Context, out chan<- P) error, consume func(ctx context.Context, page P) (done bool, err error)) error {
	pctx, stop := context.WithCancel(ctx)
	defer stop()
	pages := make(chan P, lookahead)
	// produceErr is the producing side's own failure, not the consequence of
	// a stop; it is read once pages is closed.
	var produceErr error
	go func() {
		defer close(pages)
		if err := produce(pctx, pages); err != nil && pctx.Err() == nil {
			produceErr = err
			stop()
		}
	}()
	// finish stops the producing side and waits for it before returning.
	finish := func(err error) error {
		stop()
		for range pages {
		}
		if produceErr != nil && (err == nil || errors.Is(err, context.Canceled)) {
			return produceErr
		}
		if err == nil {
			err = ctx.Err()
		}
		return err
	}
	ticker := time.NewTicker(aliveEvery)
	defer ticker.Stop()
	for {
		select {
		case page, ok := <-pages:
			if !ok {
				return finish(nil)
			}
			// A stop wins over a page still in the buffer.
			if pctx.Err() != nil {
				return finish(nil)
			}
			if done, err := consume(pctx, page); done || err != nil {
				return finish(err)
			}
		case <-pctx.Done():
			return finish(nil)
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
