package workflows_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/errcodec"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

func newTriggerEnv() *testsuite.TestWorkflowEnvironment {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(t0)
	env.RegisterWorkflowWithOptions(workflows.DripTriggerWorkflow, workflow.RegisterOptions{Name: workflows.DripTriggerWorkflowName})
	return env
}

// TestDripTriggerCoalescesChanges: changes signalled while a pass runs
// make exactly one more pass, which sees them; the answer lists what both
// passes started, and a campaign found due twice is listed once.
func TestDripTriggerCoalescesChanges(t *testing.T) {
	env := newTriggerEnv()
	a := &activities.Activities{}
	env.RegisterActivity(a)
	var mu sync.Mutex
	passes := 0
	var starts []activities.TriggeredDripInput
	env.OnActivity(a.MatchDripTriggers, mock.Anything, mock.Anything).After(time.Minute).Return(
		func(ctx context.Context, in activities.DripTriggerInput) ([]activities.DripTriggerMatch, error) {
			mu.Lock()
			defer mu.Unlock()
			passes++
			if passes == 1 {
				return []activities.DripTriggerMatch{{CampaignID: "realtors", Enrollment: 1}}, nil
			}
			// The second pass sees the change made meanwhile, and the first
			// pass's start not yet recorded.
			return []activities.DripTriggerMatch{{CampaignID: "realtors", Enrollment: 1}, {CampaignID: "spring", Enrollment: 3}}, nil
		})
	env.OnActivity(a.StartTriggeredDrip, mock.Anything, mock.Anything).Return(
		func(ctx context.Context, in activities.TriggeredDripInput) (bool, error) {
			mu.Lock()
			defer mu.Unlock()
			starts = append(starts, in)
			return true, nil
		})
	for _, at := range []time.Duration{10 * time.Second, 20 * time.Second, 30 * time.Second} {
		env.RegisterDelayedCallback(func() { env.SignalWorkflow(workflows.SignalDripTriggerChanged, nil) }, at)
	}
	env.ExecuteWorkflow(workflows.DripTriggerWorkflowName, workflows.DripTriggerInput{ContactID: "p1"})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var res workflows.DripTriggerResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, 2, passes, "three changes during the first pass make one more pass")
	assert.Equal(t, []string{"realtors", "spring"}, res.Started)
	// The second pass's two starts run concurrently: their order is not
	// fixed.
	require.Len(t, starts, 3)
	assert.Equal(t, activities.TriggeredDripInput{ContactID: "p1", CampaignID: "realtors", Enrollment: 1}, starts[0])
	assert.ElementsMatch(t, []activities.TriggeredDripInput{
		{ContactID: "p1", CampaignID: "realtors", Enrollment: 1},
		{ContactID: "p1", CampaignID: "spring", Enrollment: 3},
	}, starts[1:])
}

// TestDripTriggerOnePassWithoutChanges: with nothing signalled meanwhile,
// one pass; a start that is not due (false) or refused is not listed, and
// does not keep the others from starting.
func TestDripTriggerOnePassWithoutChanges(t *testing.T) {
	env := newTriggerEnv()
	a := &activities.Activities{}
	env.RegisterActivity(a)
	env.OnActivity(a.MatchDripTriggers, mock.Anything, mock.Anything).Return(
		[]activities.DripTriggerMatch{{CampaignID: "stale", Enrollment: 1}, {CampaignID: "gone", Enrollment: 1}, {CampaignID: "ok", Enrollment: 1}}, nil).Once()
	env.OnActivity(a.StartTriggeredDrip, mock.Anything, mock.Anything).Return(
		func(ctx context.Context, in activities.TriggeredDripInput) (bool, error) {
			switch in.CampaignID {
			case "stale":
				return false, nil
			case "gone":
				return false, errcodec.Encode(domain.ErrNotFound)
			}
			return true, nil
		})
	env.ExecuteWorkflow(workflows.DripTriggerWorkflowName, workflows.DripTriggerInput{ContactID: "p1"})
	require.NoError(t, env.GetWorkflowError())
	var res workflows.DripTriggerResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, []string{"ok"}, res.Started)
	env.AssertExpectations(t)
}

// TestDripTriggerFollowsEnrollments runs the workflow over the real
// activities and PostgreSQL: a contact meeting five campaigns' criteria is
// enrolled where it never was and, as a new enrollment, where it was
// removed; a paused, an active or a finished enrollment is never restarted;
// an inactive campaign and one whose criteria it misses are left alone. A
// start that fails for a moment is retried and made once; a second
// evaluation starts nothing more.
func TestDripTriggerFollowsEnrollments(t *testing.T) {
	st := storetest.New(t)
	ctx := t.Context()
	p, err := st.CreateContactProfile(ctx, domain.ContactProfile{Contact: domain.Contact{ID: uuid.NewString(), FirstName: "Cara", LastName: "Lee"},
		PartnerType: "Realtor", Tags: []string{"spring"}})
	require.NoError(t, err)
	camp := func(name string, active bool, trigger domain.DripTrigger) string {
		id := uuid.NewString()
		in := domain.DripCampaignInput{Name: name, Active: &active, Trigger: &trigger,
			Steps: []domain.DripStep{{Name: "Hello", Action: domain.DripTask, Subject: "Call"}}}
		in.Normalize()
		require.NoError(t, in.Validate())
		require.NoError(t, st.CreateDripCampaign(ctx, id, "", in))
		return id
	}
	enrolled := func(id string, n int, status domain.DripStatus) {
		require.NoError(t, st.RecordDripEnrollment(ctx, store.DripEnrollmentRecord{CampaignID: id, ContactID: p.ID, Enrollment: n,
			Origin: domain.DripManual, Status: domain.DripActive, StartAt: t0, Steps: []domain.DripStep{{Name: "Hello"}}, DueAt: []time.Time{t0}}))
		if status != domain.DripActive {
			require.NoError(t, st.SetDripStatus(ctx, id, p.ID, n, status, t0))
		}
	}
	realtor := domain.DripTrigger{PartnerType: "realtor"}
	fresh := camp("Fresh", true, realtor)
	removed := camp("Removed", true, domain.DripTrigger{Tag: "SPRING"})
	paused, active, finished := camp("Paused", true, realtor), camp("Active", true, realtor), camp("Finished", true, realtor)
	camp("Inactive", false, realtor)
	camp("Lenders", true, domain.DripTrigger{PartnerType: "Lender"})
	enrolled(removed, 1, domain.DripRemoved)
	enrolled(paused, 1, domain.DripPaused)
	enrolled(active, 1, domain.DripActive)
	enrolled(finished, 1, domain.DripFinished)

	drips := &recordingEnroller{st: st, failFirst: removed}
	run := func() []string {
		env := newTriggerEnv()
		env.RegisterActivity(&activities.Activities{Store: st, Drips: drips})
		env.ExecuteWorkflow(workflows.DripTriggerWorkflowName, workflows.DripTriggerInput{ContactID: p.ID})
		require.NoError(t, env.GetWorkflowError())
		var res workflows.DripTriggerResult
		require.NoError(t, env.GetWorkflowResult(&res))
		return res.Started
	}
	assert.ElementsMatch(t, []string{fresh, removed}, run())
	assert.ElementsMatch(t, []string{fresh + "/e1", removed + "/e2", removed + "/e2"}, drips.calls(),
		"the removed enrollment's start failed once and was retried")
	e, err := st.GetDripEnrollment(ctx, removed, p.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, e.Enrollment, "a removed enrollment is enrolled again, as a new enrollment")
	assert.Equal(t, domain.DripTriggered, e.Origin)
	e, err = st.GetDripEnrollment(ctx, paused, p.ID)
	require.NoError(t, err)
	assert.Equal(t, domain.DripPaused, e.Status, "a paused enrollment is not restarted")

	assert.Empty(t, run(), "now enrolled everywhere it can be")
	assert.Len(t, drips.calls(), 3)
}

// recordingEnroller stands in for the drip workflows: it records each start
// and writes the enrollment as the drip workflow's first activity would.
// Its first start in failFirst fails, as a Temporal hiccup would.
type recordingEnroller struct {
	st        *store.Store
	failFirst string
	mu        sync.Mutex
	started   []string
	failed    bool
}

func (r *recordingEnroller) EnrollTriggered(ctx context.Context, camp domain.DripCampaign, contactID string, n int, at time.Time) (bool, error) {
	r.mu.Lock()
	r.started = append(r.started, fmt.Sprintf("%s/e%d", camp.ID, n))
	fail := camp.ID == r.failFirst && !r.failed
	r.failed = r.failed || fail
	r.mu.Unlock()
	if fail {
		return false, errors.New("temporal unavailable")
	}
	return true, r.st.RecordDripEnrollment(ctx, store.DripEnrollmentRecord{CampaignID: camp.ID, ContactID: contactID, Enrollment: n,
		Origin: domain.DripTriggered, Status: domain.DripActive, StartAt: at, Steps: camp.Steps, DueAt: domain.DripSchedule(at, camp.Steps)})
}

func (r *recordingEnroller) calls() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.started...)
}
