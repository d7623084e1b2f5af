package activities

import (
	"context"
	"slices"
	"sync"

	"github.com/drumbeat-crm/drumbeat/store"
)

// sentMarks writes the "sent" marks of one outbox for the whole worker as a
// group commit. A lane of the SMTP pool whose message was accepted hands its
// key over and waits, its pool slot still held, until the row says sent: the
// promise is unchanged (a message accepted and not yet marked is one in
// flight, so a crash re-sends at most one a lane). What changes is the
// number of statements: the first mark is written at once, alone; the marks
// that arrive while it is being written go together in the next statement,
// and so on. Under load a lane's wait is about the same (one write in
// progress, then its own), and PostgreSQL and the worker do one round trip,
// one statement and one commit for several messages instead of one each.
// The zero value is ready for use.
type sentMarks struct {
	mu sync.Mutex
	// writing says a flush is running; it takes next when its write is done.
	writing bool
	next    *markBatch
}

// markBatch is the keys of one statement and its outcome, which done's
// closing publishes.
type markBatch struct {
	keys []string
	done chan struct{}
	err  error
}

// markWriter writes the marks of keys in one statement.
type markWriter func(keys []string) error

// mark returns once key's row says sent, or with the failure of the
// statement that carried it (every key of that statement gets it).
func (m *sentMarks) mark(key string, write markWriter) error {
	m.mu.Lock()
	if m.next == nil {
		m.next = &markBatch{done: make(chan struct{})}
	}
	b := m.next
	b.keys = append(b.keys, key)
	if !m.writing {
		m.writing = true
		go m.flush(write)
	}
	m.mu.Unlock()
	<-b.done
	return b.err
}

// flush writes batch after batch until none is waiting. Keys go in their
// order, so two workers' statements that touch the same rows (a claim taken
// over after its lease) lock them in the same order.
func (m *sentMarks) flush(write markWriter) {
	for {
		m.mu.Lock()
		b := m.next
		m.next = nil
		if b == nil {
			m.writing = false
			m.mu.Unlock()
			return
		}
		m.mu.Unlock()
		slices.Sort(b.keys)
		b.err = write(b.keys)
		close(b.done)
	}
}

// markSent records that the message of key in box was accepted, through the
// worker's group commit of that box. The write goes through even while the
// caller is being cancelled, within recordTimeout.
func (a *Activities) markSent(box store.Outbox, key string) error {
	m := &a.emailMarks
	if box == store.SMSOutbox {
		m = &a.smsMarks
	}
	return m.mark(key, func(keys []string) error {
		ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
		defer cancel()
		return a.Store.MarkSent(ctx, box, keys...)
	})
}
