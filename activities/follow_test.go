package activities

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leadPages advances the mark through pages 1..n (cursors "p0001"...), or
// fails with failAt's error at that page.
func leadPages(n, failAt int, led *atomic.Int32) func(context.Context, *mark) error {
	return func(ctx context.Context, m *mark) error {
		for p := 1; p <= n; p++ {
			if p == failAt {
				return errors.New("database went away")
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			m.advance(fmt.Sprintf("p%04d", p))
			led.Add(1)
		}
		return nil
	}
}

// TestFollowLeadNeverWaits: the sending side runs to its end while the
// starting side is still stuck in its first catch-up, and the starting side
// then catches up with the last mark.
func TestFollowLeadNeverWaits(t *testing.T) {
	var led atomic.Int32
	release := make(chan struct{})
	var marks []string
	err := follow(t.Context(), func() {}, "", time.Nanosecond, func(ctx context.Context, m *mark) error {
		defer close(release)
		return leadPages(1000, 0, &led)(ctx, m)
	}, func(_ context.Context, upTo string) (bool, error) {
		if len(marks) == 0 {
			<-release
		}
		marks = append(marks, upTo)
		return false, nil
	})
	require.NoError(t, err)
	assert.EqualValues(t, 1000, led.Load(), "every page was sent while the first catch-up was held")
	require.NotEmpty(t, marks)
	assert.Equal(t, "p1000", marks[len(marks)-1], "the last catch-up reaches the last page")
	assert.LessOrEqual(t, len(marks), 3, "a held follower catches up in one go, not page by page")
}

// TestFollowWaitsForABusyLead: while pages follow each other faster than
// the quiet spell, no workflow is started; the follower catches up once, at
// the end, with every page.
func TestFollowWaitsForABusyLead(t *testing.T) {
	var marks []string
	err := follow(t.Context(), func() {}, "", 200*time.Millisecond, func(ctx context.Context, m *mark) error {
		for p := 1; p <= 50; p++ {
			time.Sleep(time.Millisecond)
			m.advance(fmt.Sprintf("p%04d", p))
		}
		return nil
	}, func(_ context.Context, upTo string) (bool, error) {
		marks = append(marks, upTo)
		return false, nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"p0050"}, marks)
}

// TestFollowCatchesUpWhileTheLeadPauses: when the sending side stops for
// longer than the quiet spell (a send rate, a slow server), the follower
// catches up with what was sent, and again at the end.
func TestFollowCatchesUpWhileTheLeadPauses(t *testing.T) {
	caught := make(chan string, 10)
	var marks []string
	err := follow(t.Context(), func() {}, "", 20*time.Millisecond, func(ctx context.Context, m *mark) error {
		for p := 1; p <= 3; p++ {
			m.advance(fmt.Sprintf("p%04d", p))
		}
		select { // paused until the follower has caught up
		case <-caught:
		case <-time.After(10 * time.Second):
			return errors.New("the follower never caught up during the pause")
		}
		m.advance("p0004")
		return nil
	}, func(_ context.Context, upTo string) (bool, error) {
		marks = append(marks, upTo)
		caught <- upTo
		return false, nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"p0003", "p0004"}, marks)
}

// TestFollowResumesFromEarlierAttempt: pages an earlier attempt sent are
// caught up with, and a lead with nothing left still lets the follower
// reach them.
func TestFollowResumesFromEarlierAttempt(t *testing.T) {
	var marks []string
	err := follow(t.Context(), func() {}, "p0500", time.Hour, func(context.Context, *mark) error { return nil },
		func(_ context.Context, upTo string) (bool, error) {
			marks = append(marks, upTo)
			return false, nil
		})
	require.NoError(t, err)
	assert.Equal(t, []string{"p0500"}, marks[:1])
}

// TestFollowEmptyPass: a pass with nothing to send ends with one catch-up at
// the empty mark, which covers nothing.
func TestFollowEmptyPass(t *testing.T) {
	calls := 0
	err := follow(t.Context(), func() {}, "", time.Hour, func(context.Context, *mark) error { return nil },
		func(_ context.Context, upTo string) (bool, error) {
			calls++
			assert.Empty(t, upTo)
			return false, nil
		})
	require.NoError(t, err)
	assert.Equal(t, 1, calls)
}

// TestFollowLeadFailureStopsBoth: the sending side's failure is the pass's,
// and the follower is not called again after it.
func TestFollowLeadFailureStopsBoth(t *testing.T) {
	var led atomic.Int32
	err := follow(t.Context(), func() {}, "", time.Hour, leadPages(100, 40, &led), func(context.Context, string) (bool, error) {
		return false, nil
	})
	require.EqualError(t, err, "database went away")
	assert.EqualValues(t, 39, led.Load())
}

// TestFollowFollowerStopsLead: a failing or finished follower stops the
// sending side, which sends no more pages.
func TestFollowFollowerStopsLead(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		done bool
	}{{"failure", errors.New("temporal unavailable"), false}, {"campaign ended", nil, true}} {
		t.Run(tc.name, func(t *testing.T) {
			stopped := make(chan struct{})
			lead := func(ctx context.Context, m *mark) error {
				defer close(stopped)
				m.advance("p0001")
				<-ctx.Done() // a lead that would go on for ever
				return ctx.Err()
			}
			err := follow(t.Context(), func() {}, "", time.Millisecond, lead, func(context.Context, string) (bool, error) {
				return tc.done, tc.err
			})
			<-stopped // the lead saw the stop, or this test never ends
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

// TestFollowCancelled: the caller's cancellation ends the pass with it.
func TestFollowCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	err := follow(ctx, func() {}, "", time.Hour, func(ctx context.Context, m *mark) error {
		cancel()
		<-ctx.Done()
		return ctx.Err()
	}, func(context.Context, string) (bool, error) { return false, nil })
	assert.ErrorIs(t, err, context.Canceled)
}
