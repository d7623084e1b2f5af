package workflows

import "go.temporal.io/sdk/workflow"

// turn is the one lock of every workflow here: an update handler, or the
// main loop, takes it before it changes the workflow's state through an
// activity, so changes validated at the same moment land one at a time and
// each re-checks what the one before it left. Handlers go first: a main loop
// waiting for the turn (a drip's run of overdue steps) lets every waiting
// handler (a pause) through before it. It is built on workflow.Await, so it
// adds no command to the history and replays as the flags it replaced.
type turn struct {
	held    bool
	waiting int // handlers waiting for the turn
}

// take waits for the turn and takes it. A handler (first) goes before a
// main loop that waits as well.
func (t *turn) take(ctx workflow.Context, first bool) error {
	if first {
		t.waiting++
		defer func() { t.waiting-- }()
	}
	err := workflow.Await(ctx, func() bool { return !t.held && (first || t.waiting == 0) })
	if err == nil {
		t.held = true
	}
	return err
}

// hold takes the turn at once; the caller knows nobody holds it (a run that
// must record itself before anything may change).
func (t *turn) hold() { t.held = true }

// release gives the turn back.
func (t *turn) release() { t.held = false }

// free reports whether nobody holds the turn.
func (t *turn) free() bool { return !t.held }
