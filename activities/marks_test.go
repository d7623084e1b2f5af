package activities

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// heldWriter is a markWriter whose writes wait until the test lets each one
// finish, with the outcome it is given.
type heldWriter struct {
	started chan []string
	finish  chan error
}

func newHeldWriter() *heldWriter {
	return &heldWriter{started: make(chan []string, 10), finish: make(chan error)}
}

func (h *heldWriter) write(keys []string) error {
	h.started <- keys
	return <-h.finish
}

// markAsync marks key in the background and returns where its outcome arrives.
func markAsync(m *sentMarks, h *heldWriter, key string) <-chan error {
	out := make(chan error, 1)
	go func() { out <- m.mark(key, h.write) }()
	return out
}

// The first mark is written at once and alone; those that arrive while it is
// written wait and go together in the next statement, in key order; a lane
// returns only once the statement that carried its key is done.
func TestSentMarksGroupWhatArrivesDuringAWrite(t *testing.T) {
	var m sentMarks
	h := newHeldWriter()
	first := markAsync(&m, h, "k5")
	assert.Equal(t, []string{"k5"}, <-h.started, "a mark with no write in progress is written at once")
	var later []<-chan error
	for _, k := range []string{"k3", "k9", "k1"} {
		later = append(later, markAsync(&m, h, k))
	}
	// Let the three join the waiting group before the first write ends.
	require.Eventually(t, func() bool {
		m.mu.Lock()
		defer m.mu.Unlock()
		return m.next != nil && len(m.next.keys) == 3
	}, 5*time.Second, time.Millisecond)
	select {
	case <-first:
		t.Fatal("a mark returned before its write was done")
	default:
	}
	h.finish <- nil
	require.NoError(t, <-first)
	assert.Equal(t, []string{"k1", "k3", "k9"}, <-h.started, "what waited goes in one statement, keys in order")
	for _, c := range later {
		select {
		case <-c:
			t.Fatal("a mark returned before its write was done")
		default:
		}
	}
	h.finish <- nil
	for _, c := range later {
		require.NoError(t, <-c)
	}
	// Idle again: the next mark is written at once, alone.
	next := markAsync(&m, h, "k7")
	assert.Equal(t, []string{"k7"}, <-h.started)
	h.finish <- nil
	require.NoError(t, <-next)
}

// A failed statement fails every key it carried, and only those: the marks
// waiting behind it go in the next statement, whose outcome is their own.
func TestSentMarksFailureReachesTheKeysOfItsStatement(t *testing.T) {
	var m sentMarks
	h := newHeldWriter()
	first := markAsync(&m, h, "a")
	<-h.started
	second, third := markAsync(&m, h, "b"), markAsync(&m, h, "c")
	require.Eventually(t, func() bool {
		m.mu.Lock()
		defer m.mu.Unlock()
		return m.next != nil && len(m.next.keys) == 2
	}, 5*time.Second, time.Millisecond)
	gone := errors.New("connection refused")
	h.finish <- gone
	assert.ErrorIs(t, <-first, gone)
	assert.Equal(t, []string{"b", "c"}, <-h.started)
	h.finish <- nil
	assert.NoError(t, <-second)
	assert.NoError(t, <-third)
}

// Many lanes marking at once: every mark returns, every key is written
// exactly once, and no two statements run at the same time.
func TestSentMarksUnderManyLanes(t *testing.T) {
	var m sentMarks
	var mu sync.Mutex
	written := map[string]int{}
	running, statements := 0, 0
	write := func(keys []string) error {
		mu.Lock()
		running++
		statements++
		overlap := running > 1
		for _, k := range keys {
			written[k]++
		}
		mu.Unlock()
		time.Sleep(200 * time.Microsecond)
		mu.Lock()
		running--
		mu.Unlock()
		if overlap {
			return errors.New("two statements at once")
		}
		return nil
	}
	var wg sync.WaitGroup
	for lane := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				assert.NoError(t, m.mark(string(rune('A'+lane))+string(rune('0'+i%10))+string(rune('0'+i/10)), write))
			}
		}()
	}
	wg.Wait()
	assert.Len(t, written, 1600)
	for k, n := range written {
		assert.Equal(t, 1, n, k)
	}
	assert.Less(t, statements, 1600, "marks that arrived during a write shared a statement")
}
