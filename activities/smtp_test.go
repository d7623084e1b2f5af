package activities_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/activities/smtptest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// emails builds n distinct emails.
func emails(prefix string, n int) []activities.Email {
	out := make([]activities.Email, n)
	for i := range out {
		key := fmt.Sprintf("%s/%d", prefix, i)
		out[i] = activities.Email{Key: key, To: fmt.Sprintf("r%d@example.test", i), Subject: "S", Body: "B",
			MessageID: key + "@drumbeat.test"}
	}
	return out
}

// sendAll sends through m and returns each email's outcome.
func sendAll(m activities.Mailer, es []activities.Email) []error {
	errs := make([]error, len(es))
	var mu sync.Mutex
	m.Send(context.Background(), es, func(i int, err error) {
		mu.Lock()
		defer mu.Unlock()
		errs[i] = err
	})
	return errs
}

func newPool(t *testing.T, srv *smtptest.Server, size int) *activities.SMTPMailer {
	t.Helper()
	m, err := activities.NewSMTPMailer(srv.URL(), "Drumbeat Tests <tests@drumbeat.local>", size)
	require.NoError(t, err)
	t.Cleanup(m.Close)
	return m
}

// TestPoolReplacesConnectionsTheServerClosedWhileIdle: two pooled
// connections sit idle until the server closes both ("421 Idle timeout").
// The next email still goes out: the dead connections are found out before
// the message is handed over and it is sent once on a fresh one.
func TestPoolReplacesConnectionsTheServerClosedWhileIdle(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{IdleTimeout: 300 * time.Millisecond})
	pool := newPool(t, srv, 2)
	// Hold the first message until the second connection is open, so the
	// pool keeps two connections.
	srv.OnData(func() {
		deadline := time.Now().Add(5 * time.Second)
		for opened, _ := srv.Sessions(); opened < 2 && time.Now().Before(deadline); opened, _ = srv.Sessions() {
			time.Sleep(5 * time.Millisecond)
		}
	})
	for _, err := range sendAll(pool, emails("first", 2)) {
		require.NoError(t, err)
	}
	srv.OnData(nil)
	opened, _ := srv.Sessions()
	require.Equal(t, 2, opened)
	workertest.Eventually(t, 10*time.Second, func() (bool, string) {
		_, ended := srv.Sessions()
		return ended == 2, fmt.Sprintf("%d of 2 idle connections closed by the server", ended)
	})

	later := emails("later", 1)
	require.NoError(t, sendAll(pool, later)[0], "the first send after an idle spell")
	assert.Equal(t, map[string]int{"first/0@drumbeat.test": 1, "first/1@drumbeat.test": 1, "later/0@drumbeat.test": 1}, srv.Counts())
	opened, _ = srv.Sessions()
	assert.Equal(t, 3, opened, "one fresh connection replaced the two dead ones")
}

// TestPoolDropsConnectionsIdleTooLong: a connection idle longer than
// MaxIdle is closed rather than reused.
func TestPoolDropsConnectionsIdleTooLong(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	reuse := newPool(t, srv, 1)
	for _, e := range emails("reuse", 2) {
		require.NoError(t, sendAll(reuse, []activities.Email{e})[0])
	}
	opened, _ := srv.Sessions()
	assert.Equal(t, 1, opened, "a connection idle for less than MaxIdle is reused")

	fresh := newPool(t, srv, 1)
	fresh.MaxIdle = time.Nanosecond
	for _, e := range emails("fresh", 2) {
		require.NoError(t, sendAll(fresh, []activities.Email{e})[0])
	}
	opened, _ = srv.Sessions()
	assert.Equal(t, 3, opened, "each send past MaxIdle dialled anew")
	assert.Len(t, srv.Counts(), 4)
}

// TestPoolCapsMessagesInFlight: however many Send calls run at once, at most
// the pool's size of messages are on the wire, and each is reported before
// its slot serves another message.
func TestPoolCapsMessagesInFlight(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	pool := newPool(t, srv, 3)
	var mu sync.Mutex
	inReport, most := 0, 0
	var wg sync.WaitGroup
	for c := 0; c < 4; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pool.Send(context.Background(), emails(fmt.Sprint("caller", c), 10), func(int, error) {
				mu.Lock()
				inReport++
				most = max(most, inReport)
				mu.Unlock()
				time.Sleep(2 * time.Millisecond)
				mu.Lock()
				inReport--
				mu.Unlock()
			})
		}()
	}
	wg.Wait()
	assert.Equal(t, 40, srv.Received())
	assert.LessOrEqual(t, most, 3)
	opened, _ := srv.Sessions()
	assert.LessOrEqual(t, opened, 3, "never more connections than the pool's size")
}
