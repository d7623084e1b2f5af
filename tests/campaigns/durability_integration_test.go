package campaigns

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// freezingStarter freezes (like a hung or killed process: no heartbeat, no
// result) on its n-th call, after the page's emails went out, until released.
type freezingStarter struct {
	activities.ParticipantStarter
	n       int32
	calls   atomic.Int32
	release chan struct{}
}

func (f *freezingStarter) StartParticipants(ctx context.Context, c domain.Campaign, ps []domain.Participant, restart bool) error {
	if f.calls.Add(1) == f.n {
		<-f.release
		return errors.New("worker was gone")
	}
	return f.ParticipantStarter.StartParticipants(ctx, c, ps, restart)
}

// TestCampaignStartSurvivesAWorkerCrash: the worker running a campaign's bulk
// start freezes while it starts the third page's workflows (the emails of
// every page have gone out ahead of them). Another worker on the same task
// queue resumes after the last finished page: every participant is
// contacted and gets its workflow, exactly one email each, nothing lost and
// nothing sent twice.
func TestCampaignStartSurvivesAWorkerCrash(t *testing.T) {
	st := storetest.New(t)
	c := workertest.Dial(t)
	queue := workertest.NewTaskQueue("crash")
	frozen := &freezingStarter{n: 3, release: make(chan struct{})}
	a := workertest.StartWith(t, c, st, queue, 5, func(acts *activities.Activities) {
		frozen.ParticipantStarter = acts.Starter
		acts.Starter = frozen
	})
	t.Cleanup(func() { close(frozen.release) })
	h := harness.NewOn(t, st, a)

	const n = 30 // six pages of five
	id := h.CreateCampaign("Crash")["id"].(string)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants",
		map[string]any{"contact_ids": h.Contacts(n)}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)

	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		return frozen.calls.Load() >= 3, "waiting for the worker to freeze on page 3"
	})
	go a.Worker.Stop() // the frozen worker polls no more; its activity never returns
	var bStarts atomic.Int32
	workertest.StartWith(t, c, st, queue, 5, func(acts *activities.Activities) {
		acts.Starter = &countingStarter{ParticipantStarter: acts.Starter, n: &bStarts}
	})

	workertest.Eventually(t, 90*time.Second, func() (bool, string) {
		by := harness.CountBy(h.Participants(id))
		return by["Contacted"] == n, fmt.Sprint(by)
	})
	h.AssertOneEmailEach(n)
	// The emails went out ahead of the workflows; the participant workflows
	// of the frozen page and after are started by the second worker.
	workertest.Eventually(t, 60*time.Second, func() (bool, string) {
		for _, p := range h.Participants(id) {
			if _, err := c.DescribeWorkflowExecution(t.Context(), domain.ParticipantWorkflowID(id, p.ID), ""); err != nil {
				return false, "participant workflow missing: " + err.Error()
			}
		}
		return true, ""
	})
	assert.GreaterOrEqual(t, bStarts.Load(), int32(n-10), "the second worker took over from the last finished page")
	assert.LessOrEqual(t, bStarts.Load(), int32(n), "and did not start from the beginning")
	// A row is marked sent right after the server accepts it: wait for the last marks.
	workertest.Eventually(t, 10*time.Second, func() (bool, string) {
		sent, pending, failed, err := st.OutboxCounts(t.Context(), id)
		return err == nil && sent == n && pending == 0 && failed == 0,
			fmt.Sprintf("sent %d, pending %d, failed %d, err %v", sent, pending, failed, err)
	})
}

type countingStarter struct {
	activities.ParticipantStarter
	n *atomic.Int32
}

func (s *countingStarter) StartParticipants(ctx context.Context, c domain.Campaign, ps []domain.Participant, restart bool) error {
	s.n.Add(int32(len(ps)))
	return s.ParticipantStarter.StartParticipants(ctx, c, ps, restart)
}
