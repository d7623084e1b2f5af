package activities_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/activities/smtptest"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// slowStarter stands for a Temporal that starts workflows slowly: each call
// waits until its context ends (or a long while, then succeeds).
type slowStarter struct {
	activities.ParticipantStarter
	calls   atomic.Int32
	stopped atomic.Bool
}

func (s *slowStarter) StartParticipants(ctx context.Context, _ domain.Campaign, _ []domain.Participant, _ bool) error {
	s.calls.Add(1)
	select {
	case <-ctx.Done():
		s.stopped.Store(true)
		return ctx.Err()
	case <-time.After(30 * time.Second):
		return nil
	}
}

// outboxGoneMailer delivers, and right after the server accepted the
// `after`-th message the outbox table goes away: every later write of the
// sending side fails in PostgreSQL. Before a page sent once `pauseAt`
// messages were accepted, it stands still for pause (a slow server), which
// lets the starting side begin.
type outboxGoneMailer struct {
	activities.Mailer
	st       *store.Store
	after    int32
	pauseAt  int32
	pause    time.Duration
	accepted atomic.Int32
}

func (m *outboxGoneMailer) Send(ctx context.Context, emails []activities.Email, report func(int, error)) {
	if m.pauseAt > 0 && m.accepted.Load() == m.pauseAt {
		time.Sleep(m.pause)
	}
	m.Mailer.Send(ctx, emails, func(i int, err error) {
		if err == nil && m.accepted.Add(1) == m.after {
			_, aerr := m.st.Pool().Exec(context.Background(), "ALTER TABLE outbox RENAME TO outbox_gone")
			if aerr != nil {
				panic(aerr)
			}
		}
		report(i, err)
	})
}

// bulkCampaign creates a manager and a public campaign of the default
// workflow (Contacted sends an email) for a bulk start to page through.
func bulkCampaign(tb testing.TB, st *store.Store) (id string, manager domain.User) {
	tb.Helper()
	manager = domain.User{ID: uuid.NewString(), Name: "M", Email: "m@example.test"}
	require.NoError(tb, st.UpsertUser(tb.Context(), manager))
	id = uuid.NewString()
	require.NoError(tb, st.CreateCampaign(tb.Context(), id, "", domain.CampaignInput{Name: "Bulk", Priority: "A", ManagerID: manager.ID,
		Security: "public"}, domain.DefaultWorkflow()))
	return id, manager
}

// TestBulkStartStopsAtOnceWhenTheSendingSideFails: the sending side of a
// campaign start stands still after its first page, long enough for the
// starting side to begin that page; the starting side is still busy with it
// while the sending side runs ahead; then PostgreSQL refuses the sending
// side's writes. The whole start stops at once with that error: the
// starting side is stopped mid-page and starts none of the pages handed on
// meanwhile, the sending side starts no more messages (the one page it
// initiated ahead stays initiated, its emails pending), and no row claims a
// delivery the server did not get.
func TestBulkStartStopsAtOnceWhenTheSendingSideFails(t *testing.T) {
	ctx := t.Context()
	st := storetest.New(t)
	srv := smtptest.Start(t, smtptest.Options{})
	id, manager := bulkCampaign(t, st)
	const n, pageSize, pool, after = 40, 5, 2, 12
	var contacts []string
	for i := 0; i < n; i++ {
		c := domain.Contact{ID: uuid.NewString(), FirstName: "F", LastName: "L", Email: fmt.Sprintf("c%d@example.test", i)}
		require.NoError(t, st.UpsertContact(ctx, c))
		contacts = append(contacts, c.ID)
	}
	_, err := st.AddParticipants(ctx, id, contacts, manager.ID)
	require.NoError(t, err)
	require.NoError(t, st.SetCampaignStage(ctx, id, domain.StagePlanning, domain.StageInProgress))

	starter := &slowStarter{}
	acts := &activities.Activities{Store: st, PageSize: pageSize, Starter: starter,
		Mailer: &outboxGoneMailer{Mailer: newPool(t, srv, pool), st: st, after: after,
			pauseAt: pageSize, pause: 2 * time.Second}}
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(acts)
	_, err = env.ExecuteActivity(acts.StartParticipants, activities.StartParticipantsInput{CampaignID: id})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "outbox")
	assert.True(t, starter.stopped.Load(), "the starting side was stopped mid-page")
	assert.Equal(t, int32(1), starter.calls.Load(), "no page handed on after the failure was started")

	_, err = st.Pool().Exec(ctx, "ALTER TABLE outbox_gone RENAME TO outbox")
	require.NoError(t, err)
	sent, unsent, failed, err := st.OutboxCounts(ctx, id)
	require.NoError(t, err)
	assert.Zero(t, failed)
	received := srv.Received()
	assert.LessOrEqual(t, sent, received, "no row claims a delivery the server did not get")
	assert.GreaterOrEqual(t, sent, after-pool, "each message accepted before the failure is marked sent")
	assert.LessOrEqual(t, received-sent, pool,
		"the sending side started no message once its writes failed: only those in flight went unrecorded")
	// The fourth page is initiated while the third is sent: it is there, in
	// full, when its transaction committed before the failure, and absent
	// when the failure reached it first. No later page is.
	assert.Contains(t, []int{3 * pageSize, 4 * pageSize}, sent+unsent,
		"no page initiated after the failure but the one initiated ahead; the third page's other rows stay to be sent")
}
