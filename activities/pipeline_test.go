package activities

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

// producePages hands on pages 1..n, or fails with failAt's error at that page.
func producePages(n, failAt int, produced *atomic.Int32) func(context.Context, chan<- int) error {
	return func(ctx context.Context, out chan<- int) error {
		for p := 1; p <= n; p++ {
			if p == failAt {
				return errors.New("database went away")
			}
			if err := handOn(ctx, out, p); err != nil {
				return err
			}
			produced.Add(1)
		}
		return nil
	}
}

func TestPipelineConsumesEveryPageInOrder(t *testing.T) {
	var produced atomic.Int32
	var got []int
	err := pipeline(t.Context(), func() {}, producePages(50, 0, &produced), func(_ context.Context, p int) (bool, error) {
		got = append(got, p)
		return false, nil
	})
	assert.NoError(t, err)
	assert.Len(t, got, 50)
	for i, p := range got {
		assert.Equal(t, i+1, p)
	}
}

func TestPipelineStopsTheProducerWhenTheConsumerIsDone(t *testing.T) {
	var produced atomic.Int32
	var got []int
	err := pipeline(t.Context(), func() {}, producePages(1000, 0, &produced), func(_ context.Context, p int) (bool, error) {
		got = append(got, p)
		return p == 3, nil
	})
	assert.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3}, got)
	assert.LessOrEqual(t, int(produced.Load()), 3+lookahead+1, "the producer ran at most lookahead pages ahead, then stopped")
}

func TestPipelineReportsErrorsFromEitherSide(t *testing.T) {
	var produced atomic.Int32
	err := pipeline(t.Context(), func() {}, producePages(10, 5, &produced), func(_ context.Context, p int) (bool, error) {
		return false, nil
	})
	assert.EqualError(t, err, "database went away")

	boom := errors.New("temporal went away")
	err = pipeline(t.Context(), func() {}, producePages(10, 0, &produced), func(_ context.Context, p int) (bool, error) {
		if p == 2 {
			return false, boom
		}
		return false, nil
	})
	assert.ErrorIs(t, err, boom)
}

// TestPipelineStopsAtOnceWhenTheProducerFails: the producing side hands on a
// full buffer of pages and then fails (PostgreSQL went away) while the
// consuming side is busy with the first page. The consuming side is stopped
// in that page, starts none of the buffered ones, and the pipeline returns
// the producer's error.
func TestPipelineStopsAtOnceWhenTheProducerFails(t *testing.T) {
	var produced atomic.Int32
	handed := make(chan struct{})
	produce := func(ctx context.Context, out chan<- int) error {
		for p := 1; p <= lookahead+1; p++ {
			if err := handOn(ctx, out, p); err != nil {
				return err
			}
			produced.Add(1)
		}
		<-handed // the consumer holds page 1 while the buffer is full
		return errors.New("database went away")
	}
	var got []int
	stopped := false
	err := pipeline(t.Context(), func() {}, produce, func(ctx context.Context, p int) (bool, error) {
		got = append(got, p)
		if p == 1 {
			close(handed)
			<-ctx.Done() // starting the page's workflows takes long
			stopped = true
			return false, ctx.Err()
		}
		return false, nil
	})
	assert.EqualError(t, err, "database went away")
	assert.True(t, stopped, "the consuming side was stopped mid-page")
	assert.Equal(t, []int{1}, got, "none of the buffered pages was consumed")
	assert.Equal(t, int32(lookahead+1), produced.Load())
}
