package activities_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/activities/smtptest"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// queueOutbox queues n emails and returns their keys and Message-IDs.
func queueOutbox(t *testing.T, st *store.Store, prefix string, n int) (keys, messageIDs []string) {
	t.Helper()
	for i := 0; i < n; i++ {
		key := fmt.Sprintf("%s/%03d", prefix, i)
		require.NoError(t, st.QueueLeadEmail(t.Context(), key, 0,
			store.OutboxMessage{To: fmt.Sprintf("r%d@example.test", i), Subject: "S", Body: "B"}))
		keys = append(keys, key)
		messageIDs = append(messageIDs, domain.MessageID(key))
	}
	return keys, messageIDs
}

func statusOf(t *testing.T, st *store.Store, keys []string) map[string]int {
	t.Helper()
	states, err := st.OutboxStates(t.Context(), keys)
	require.NoError(t, err)
	out := map[string]int{}
	for _, s := range states {
		out[s.Status]++
	}
	return out
}

// duplicates counts the messages that arrived more than once.
func duplicates(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c - 1
	}
	return n
}

// TestKilledSenderResendsAtMostTheMessagesInFlight: sender A is killed in the
// middle of a page, when the server has taken the messages on all four of its
// connections but A has not heard back (the server never answers them). A
// successor B takes over once A's lease ran out: every message arrives, and
// only the four in flight arrive twice, with the same Message-ID.
func TestKilledSenderResendsAtMostTheMessagesInFlight(t *testing.T) {
	st := storetest.New(t)
	srv := smtptest.Start(t, smtptest.Options{})
	const n, pool, before = 30, 4, 10
	keys, ids := queueOutbox(t, st, "crash", n)
	srv.FreezeAfter(before)

	a := &activities.Activities{Store: st, Mailer: newPool(t, srv, pool), OutboxLease: 300 * time.Millisecond}
	ctxA, kill := context.WithCancel(context.Background())
	doneA := make(chan struct{})
	go func() {
		defer close(doneA)
		_, _ = a.SendEmails(ctxA, activities.SendEmailsInput{Keys: keys})
	}()
	t.Cleanup(func() { kill(); srv.Thaw(); <-doneA })
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		return srv.Frozen() == pool, fmt.Sprintf("%d messages in flight", srv.Frozen())
	})
	kill() // A renews nothing and starts nothing from now on
	srv.StopFreezing()
	assert.Equal(t, before, statusOf(t, st, keys)["sent"], "each message accepted before the kill was marked at once")

	b := &activities.Activities{Store: st, Mailer: newPool(t, srv, pool), OutboxLease: 10 * time.Second}
	res, err := b.SendEmails(t.Context(), activities.SendEmailsInput{Keys: keys})
	require.NoError(t, err)
	assert.Equal(t, n-before, res.Sent)
	counts := srv.Counts()
	for _, id := range ids {
		assert.GreaterOrEqual(t, counts[id], 1, "message %s lost", id)
	}
	assert.Len(t, counts, n)
	assert.Equal(t, pool, duplicates(counts), "only the messages in flight at the kill went twice")
	assert.Equal(t, map[string]int{"sent": n}, statusOf(t, st, keys))
}

// TestExpiredClaimIsSentOnceByTheNextSender: a sender claimed two messages
// and died before sending them. The next sender waits for that claim to run
// out, sends each once with its Message-ID, and a repeat sends nothing.
func TestExpiredClaimIsSentOnceByTheNextSender(t *testing.T) {
	st := storetest.New(t)
	srv := smtptest.Start(t, smtptest.Options{})
	keys, ids := queueOutbox(t, st, "expired", 2)
	claimed, err := st.ClaimEmails(t.Context(), store.Claim{By: "dead", Lease: 300 * time.Millisecond}, keys, 10)
	require.NoError(t, err)
	require.Len(t, claimed, 2)

	a := &activities.Activities{Store: st, Mailer: newPool(t, srv, 2), OutboxLease: 10 * time.Second}
	res, err := a.SendEmails(t.Context(), activities.SendEmailsInput{Keys: keys})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Sent)
	assert.Equal(t, map[string]int{ids[0]: 1, ids[1]: 1}, srv.Counts())

	res, err = a.SendEmails(t.Context(), activities.SendEmailsInput{Keys: keys})
	require.NoError(t, err)
	assert.Zero(t, res.Sent)
	assert.Equal(t, 2, srv.Received(), "a repeat sends nothing")
}

// TestKeysHeldByALiveSenderAreNotSentAgain: a caller whose keys another
// sender holds (and keeps renewing) sends nothing and does not report them
// sent: after waiting a lease it fails for a retry. When the holder marks
// them sent meanwhile, the caller returns without sending.
func TestKeysHeldByALiveSenderAreNotSentAgain(t *testing.T) {
	st := storetest.New(t)
	srv := smtptest.Start(t, smtptest.Options{})
	keys, _ := queueOutbox(t, st, "held", 1)
	holder := store.Claim{By: "live", Lease: time.Hour}
	_, err := st.ClaimEmails(t.Context(), holder, keys, 10)
	require.NoError(t, err)

	impatient := &activities.Activities{Store: st, Mailer: newPool(t, srv, 1), OutboxLease: 300 * time.Millisecond}
	res, err := impatient.SendEmails(t.Context(), activities.SendEmailsInput{Keys: keys})
	require.ErrorIs(t, err, activities.ErrClaimedElsewhere)
	assert.Zero(t, res.Sent)
	assert.Equal(t, map[string]int{"sending": 1}, statusOf(t, st, keys))

	patient := &activities.Activities{Store: st, Mailer: newPool(t, srv, 1), OutboxLease: 10 * time.Second}
	done := make(chan struct{})
	time.AfterFunc(500*time.Millisecond, func() {
		defer close(done)
		assert.NoError(t, st.MarkSent(context.Background(), store.EmailOutbox, keys[0]))
	})
	res, err = patient.SendEmails(t.Context(), activities.SendEmailsInput{Keys: keys})
	<-done
	require.NoError(t, err)
	assert.Zero(t, res.Sent)
	assert.Zero(t, srv.Received(), "the holder's message was not sent again")
}

// breakingMailer closes the store (PostgreSQL gone) right after the server
// accepted the `after`-th message.
type breakingMailer struct {
	activities.Mailer
	st       *store.Store
	after    int32
	accepted atomic.Int32
}

func (m *breakingMailer) Send(ctx context.Context, emails []activities.Email, report func(int, error)) {
	m.Mailer.Send(ctx, emails, func(i int, err error) {
		if err == nil && m.accepted.Add(1) == m.after {
			m.st.Close()
		}
		report(i, err)
	})
}

// TestADatabaseFailureStopsEverySend: once a send cannot record what it sent
// (PostgreSQL gone), no send of the worker starts a further message: the
// server gets at most the messages in flight on the pool's connections beyond
// the last one recorded. So for one send, for the outbox sender's four lanes,
// and for two sends of one worker (two activities) sharing its pool.
func TestADatabaseFailureStopsEverySend(t *testing.T) {
	const pool, after = 4, 5
	for _, tc := range []struct {
		name string
		n    int
		due  bool // the rows are due: the outbox sender sends them
		send func(a *activities.Activities, keys []string) []error
	}{
		{"one send", 40, false, func(a *activities.Activities, keys []string) []error {
			_, err := a.SendEmails(t.Context(), activities.SendEmailsInput{Keys: keys})
			return []error{err}
		}},
		{"the outbox sender's lanes", 400, true, func(a *activities.Activities, _ []string) []error {
			var suite testsuite.WorkflowTestSuite
			env := suite.NewTestActivityEnvironment()
			env.RegisterActivity(a)
			_, err := env.ExecuteActivity(a.SendDueEmails)
			return []error{err}
		}},
		{"two sends of one worker", 200, false, func(a *activities.Activities, keys []string) []error {
			errs := make(chan error, 2)
			for _, half := range [][]string{keys[:len(keys)/2], keys[len(keys)/2:]} {
				go func() {
					_, err := a.SendEmails(t.Context(), activities.SendEmailsInput{Keys: half})
					errs <- err
				}()
			}
			return []error{<-errs, <-errs}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := storetest.New(t)
			srv := smtptest.Start(t, smtptest.Options{})
			keys, _ := queueOutbox(t, st, "broken", tc.n)
			if tc.due {
				_, err := st.Pool().Exec(t.Context(), "UPDATE outbox SET due_at = now() - interval '1 second' WHERE idem_key = ANY($1)", keys)
				require.NoError(t, err)
			}
			a := &activities.Activities{Store: st, Mailer: &breakingMailer{Mailer: newPool(t, srv, pool), st: st, after: after}}
			for _, err := range tc.send(a, keys) {
				require.Error(t, err)
			}
			assert.LessOrEqual(t, srv.Received(), after+pool-1, "no message started after the failure")
		})
	}
}
