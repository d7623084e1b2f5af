package workflows_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// dripRecorder stands in for the drip activities and records every call
// with the workflow time it was made at.
type dripRecorder struct {
	mu       sync.Mutex
	runs     []activities.RunDripStepInput
	statuses []activities.DripStatusInput
	skips    []activities.DripSkipInput
	enrolled []activities.DripEnrollmentInput
	// onRun, when set, is called after the n-th step run was recorded.
	onRun func(n int)
	// recordDelay is how long recording the enrollment takes (workflow time).
	recordDelay time.Duration
}

func (r *dripRecorder) runKeys() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, len(r.runs))
	for i, in := range r.runs {
		out[i] = fmt.Sprintf("s%d/r%d@%s", in.Step, in.Run, in.At.Sub(t0))
	}
	return out
}

func (r *dripRecorder) statusList() []domain.DripStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]domain.DripStatus, len(r.statuses))
	for i, s := range r.statuses {
		out[i] = s.Status
	}
	return out
}

type dripEnv struct {
	*testsuite.TestWorkflowEnvironment
	rec *dripRecorder
	t   *testing.T
}

func newDripEnv(t *testing.T) *dripEnv {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(t0)
	env.RegisterWorkflowWithOptions(workflows.DripWorkflow, workflow.RegisterOptions{Name: workflows.DripWorkflowName})
	a := &activities.Activities{}
	env.RegisterActivity(a)
	rec := &dripRecorder{}
	env.OnActivity(a.RecordDripEnrollment, mock.Anything, mock.Anything).AfterFn(func() time.Duration { return rec.recordDelay }).Return(func(ctx context.Context, in activities.DripEnrollmentInput) error {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.enrolled = append(rec.enrolled, in)
		return nil
	})
	env.OnActivity(a.SetDripStatus, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.DripStatusInput) error {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.statuses = append(rec.statuses, in)
		return nil
	})
	env.OnActivity(a.SkipDripStep, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.DripSkipInput) error {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.skips = append(rec.skips, in)
		return nil
	})
	env.OnActivity(a.RunDripStep, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.RunDripStepInput) (activities.RunDripStepResult, error) {
		rec.mu.Lock()
		rec.runs = append(rec.runs, in)
		n, hook := len(rec.runs), rec.onRun
		rec.mu.Unlock()
		if hook != nil {
			hook(n)
		}
		return activities.RunDripStepResult{DoneAt: in.At, Sent: 1}, nil
	})
	return &dripEnv{TestWorkflowEnvironment: env, rec: rec, t: t}
}

// steps builds email steps with the given offsets in days.
func steps(offsetDays ...int) []domain.DripStep {
	out := make([]domain.DripStep, len(offsetDays))
	for i, d := range offsetDays {
		out[i] = domain.DripStep{Name: fmt.Sprintf("Step %d", i+1), OffsetDays: d, Action: domain.DripEmail,
			Subject: "Hello {{nameFirst}}", Body: "Body"}
	}
	return out
}

func dripInput(start time.Time, st []domain.DripStep) workflows.DripInput {
	return workflows.DripInput{CampaignID: "c1", ContactID: "p1", Enrollment: 1, Origin: domain.DripManual,
		StartAt: start, Steps: st, StartRequestID: "req-1"}
}

// updateResult is the outcome of one update sent through the test environment.
type updateResult struct {
	rejected  error
	completed bool
	err       error
}

// update sends an update at the given offset from t0 and returns where its
// outcome will be recorded.
func (e *dripEnv) updateAt(at time.Duration, name string, arg any) *updateResult {
	res := &updateResult{}
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(name, fmt.Sprintf("%s-%s", name, at), &testsuite.TestUpdateCallback{
			OnAccept:   func() {},
			OnReject:   func(err error) { res.rejected = err },
			OnComplete: func(_ any, err error) { res.completed, res.err = true, err },
		}, arg)
	}, at)
	return res
}

func (e *dripEnv) stateAt(at time.Duration) *workflows.DripState {
	st := &workflows.DripState{}
	e.RegisterDelayedCallback(func() {
		v, err := e.QueryWorkflow(workflows.QueryState)
		require.NoError(e.t, err)
		require.NoError(e.t, v.Get(st))
	}, at)
	return st
}

func refusedType(err error) string {
	var ae *temporal.ApplicationError
	if errors.As(err, &ae) {
		return ae.Type()
	}
	return ""
}

// TestDripTenStepsOverNinetyDays runs a 10-step drip spread over 90 days in
// well under a second: every step runs once, at its due time, in order, then
// the enrollment finishes and its workflow ends after the linger period.
func TestDripTenStepsOverNinetyDays(t *testing.T) {
	e := newDripEnv(t)
	began := time.Now()
	e.ExecuteWorkflow(workflows.DripWorkflowName, dripInput(t0, steps(0, 10, 10, 10, 10, 10, 10, 10, 10, 10)))
	require.True(t, e.IsWorkflowCompleted())
	require.NoError(t, e.GetWorkflowError())
	assert.Less(t, time.Since(began), 5*time.Second)

	var want []string
	for i := 0; i < 10; i++ {
		want = append(want, fmt.Sprintf("s%d/r1@%s", i+1, time.Duration(i*10)*day))
	}
	assert.Equal(t, want, e.rec.runKeys())
	assert.Equal(t, []domain.DripStatus{domain.DripFinished}, e.rec.statusList())
	require.Len(t, e.rec.enrolled, 1)
	assert.Equal(t, domain.DripActive, e.rec.enrolled[0].Status)
	assert.Equal(t, t0.Add(90*day), e.rec.enrolled[0].DueAt[9])
	assert.Equal(t, t0.Add(90*day), e.rec.statuses[0].At)
	var res workflows.DripResult
	require.NoError(t, e.GetWorkflowResult(&res))
	assert.Equal(t, workflows.DripResult{Status: domain.DripFinished, StepsDone: 10}, res)
	assert.Equal(t, t0.Add(90*day+workflows.DripLinger), e.Now().UTC())
}

// TestDripScheduledStart: a future start date leaves the enrollment
// scheduled, with nothing sent, until the date comes.
func TestDripScheduledStart(t *testing.T) {
	e := newDripEnv(t)
	before := e.stateAt(2 * day)
	after := e.stateAt(5*day + time.Hour)
	e.ExecuteWorkflow(workflows.DripWorkflowName, dripInput(t0.Add(5*day), steps(0, 1)))
	require.NoError(t, e.GetWorkflowError())
	assert.Equal(t, domain.DripScheduled, before.Status)
	assert.Equal(t, domain.StepPending, before.Steps[0].Status)
	assert.Equal(t, domain.DripActive, after.Status)
	assert.Equal(t, domain.StepDone, after.Steps[0].Status)
	assert.Equal(t, domain.DripScheduled, e.rec.enrolled[0].Status)
	assert.Equal(t, []string{"s1/r1@120h0m0s", "s2/r1@144h0m0s"}, e.rec.runKeys())
	assert.Equal(t, []domain.DripStatus{domain.DripActive, domain.DripFinished}, e.rec.statusList())
}

// TestDripRunsStepsOnceItsStartDatePassed: the workflow sees its start date
// only once it is already past (on a real server the start's timer fires a
// little late; here recording the enrollment takes longer than the start is
// ahead): the enrollment turns active and runs every step on time, instead of
// waiting for a change with no timer.
func TestDripRunsStepsOnceItsStartDatePassed(t *testing.T) {
	e := newDripEnv(t)
	e.rec.recordDelay = 2 * time.Minute
	start := t0.Add(time.Minute)
	active := e.stateAt(3 * time.Minute)
	e.ExecuteWorkflow(workflows.DripWorkflowName, dripInput(start, steps(0, 0, 1)))
	require.True(t, e.IsWorkflowCompleted())
	require.NoError(t, e.GetWorkflowError())
	require.Len(t, e.rec.enrolled, 1)
	assert.Equal(t, domain.DripScheduled, e.rec.enrolled[0].Status)
	assert.Equal(t, domain.DripActive, active.Status)
	assert.Equal(t, []string{"s1/r1@2m0s", "s2/r1@2m0s", "s3/r1@24h1m0s"}, e.rec.runKeys(),
		"the overdue steps run as soon as it is active, the next one on its due time")
	assert.Equal(t, []domain.DripStatus{domain.DripActive, domain.DripFinished}, e.rec.statusList())
	var res workflows.DripResult
	require.NoError(t, e.GetWorkflowResult(&res))
	assert.Equal(t, workflows.DripResult{Status: domain.DripFinished, StepsDone: 3}, res)
}

// TestDripRunRefusedWhileScheduled: run is for a paused enrollment; a
// scheduled one refuses it with the reason, writes nothing, and still starts
// on its date.
func TestDripRunRefusedWhileScheduled(t *testing.T) {
	e := newDripEnv(t)
	run := e.updateAt(day, workflows.UpdateDripRun, workflows.DripUpdateInput{})
	e.ExecuteWorkflow(workflows.DripWorkflowName, dripInput(t0.Add(2*day), steps(0)))
	require.NoError(t, e.GetWorkflowError())
	require.Error(t, run.rejected)
	assert.Equal(t, domain.ErrTypeTransition, refusedType(run.rejected))
	assert.Contains(t, run.rejected.Error(), "scheduled and will run at its start date")
	assert.False(t, run.completed)
	assert.Equal(t, []domain.DripStatus{domain.DripActive, domain.DripFinished}, e.rec.statusList())
	assert.Equal(t, []string{"s1/r1@48h0m0s"}, e.rec.runKeys())
}

// TestDripPauseHoldsEveryStep: nothing runs while paused; on run, the steps
// whose time passed run once each, in order, and later steps keep their time.
func TestDripPauseHoldsEveryStep(t *testing.T) {
	e := newDripEnv(t)
	pause := e.updateAt(12*time.Hour, workflows.UpdateDripPause, workflows.DripUpdateInput{})
	pauseAgain := e.updateAt(day, workflows.UpdateDripPause, workflows.DripUpdateInput{})
	paused := e.stateAt(4 * day)
	resume := e.updateAt(5*day, workflows.UpdateDripRun, workflows.DripUpdateInput{})
	resumeAgain := e.updateAt(6*day, workflows.UpdateDripRun, workflows.DripUpdateInput{})
	e.ExecuteWorkflow(workflows.DripWorkflowName, dripInput(t0, steps(1, 1, 1, 7)))
	require.NoError(t, e.GetWorkflowError())

	require.NoError(t, pause.rejected)
	assert.True(t, pause.completed)
	assert.Equal(t, domain.ErrTypeTransition, refusedType(pauseAgain.rejected), "pausing a paused enrollment")
	assert.Equal(t, domain.DripPaused, paused.Status)
	for _, st := range paused.Steps {
		assert.Equal(t, domain.StepPending, st.Status)
	}
	require.NoError(t, resume.rejected)
	assert.Equal(t, domain.ErrTypeTransition, refusedType(resumeAgain.rejected), "running a running enrollment")
	assert.Equal(t, []string{"s1/r1@120h0m0s", "s2/r1@120h0m0s", "s3/r1@120h0m0s", "s4/r1@240h0m0s"}, e.rec.runKeys())
	assert.Equal(t, []domain.DripStatus{domain.DripPaused, domain.DripActive, domain.DripFinished}, e.rec.statusList())
}

// TestDripSkipAndRunAgain: a skipped step is bypassed and the next one keeps
// its schedule; a done step runs again as a second keyed run; the opposite
// requests are refused without writing anything.
func TestDripSkipAndRunAgain(t *testing.T) {
	e := newDripEnv(t)
	skip2 := e.updateAt(12*time.Hour, workflows.UpdateDripSkip, workflows.DripStepInput{Step: 2})
	skipDone := e.updateAt(36*time.Hour, workflows.UpdateDripSkip, workflows.DripStepInput{Step: 1})
	againPending := e.updateAt(36*time.Hour+time.Minute, workflows.UpdateDripRunAgain, workflows.DripStepInput{Step: 3})
	again := e.updateAt(36*time.Hour+2*time.Minute, workflows.UpdateDripRunAgain, workflows.DripStepInput{Step: 1})
	noStep := e.updateAt(36*time.Hour+3*time.Minute, workflows.UpdateDripSkip, workflows.DripStepInput{Step: 9})
	e.ExecuteWorkflow(workflows.DripWorkflowName, dripInput(t0, steps(1, 1, 1)))
	require.NoError(t, e.GetWorkflowError())

	require.NoError(t, skip2.rejected)
	assert.True(t, skip2.completed)
	require.Len(t, e.rec.skips, 1)
	assert.Equal(t, 2, e.rec.skips[0].Step)
	assert.Equal(t, domain.ErrTypeTransition, refusedType(skipDone.rejected))
	assert.Equal(t, domain.ErrTypeTransition, refusedType(againPending.rejected))
	assert.Equal(t, domain.ErrTypeValidation, refusedType(noStep.rejected))
	require.NoError(t, again.rejected)
	assert.Equal(t, []string{"s1/r1@24h0m0s", "s1/r2@36h2m0s", "s3/r1@72h0m0s"}, e.rec.runKeys())
	var res workflows.DripResult
	require.NoError(t, e.GetWorkflowResult(&res))
	assert.Equal(t, 2, res.StepsDone)
}

// TestDripRemoveEndsAndResets: remove halts the enrollment at once, resets
// its steps, and the workflow ends.
func TestDripRemoveEndsAndResets(t *testing.T) {
	e := newDripEnv(t)
	remove := e.updateAt(36*time.Hour, workflows.UpdateDripRemove, workflows.DripUpdateInput{})
	e.ExecuteWorkflow(workflows.DripWorkflowName, dripInput(t0, steps(1, 1, 1)))
	require.NoError(t, e.GetWorkflowError())
	require.NoError(t, remove.rejected)
	assert.True(t, remove.completed)
	assert.Equal(t, []string{"s1/r1@24h0m0s"}, e.rec.runKeys())
	assert.Equal(t, []domain.DripStatus{domain.DripRemoved}, e.rec.statusList())
	var res workflows.DripResult
	require.NoError(t, e.GetWorkflowResult(&res))
	assert.Equal(t, workflows.DripResult{Status: domain.DripRemoved, StepsDone: 0}, res)
	assert.Equal(t, t0.Add(36*time.Hour), e.Now().UTC())
}

// TestDripStartClaim: only the start request that created the enrollment is
// accepted; any other start finds it already active.
func TestDripStartClaim(t *testing.T) {
	e := newDripEnv(t)
	own := e.updateAt(0, workflows.UpdateDripStart, workflows.DripStartInput{RequestID: "req-1"})
	other := e.updateAt(time.Hour, workflows.UpdateDripStart, workflows.DripStartInput{RequestID: "req-2"})
	e.ExecuteWorkflow(workflows.DripWorkflowName, dripInput(t0, steps(1)))
	require.NoError(t, e.GetWorkflowError())
	require.NoError(t, own.rejected)
	assert.True(t, own.completed)
	require.NoError(t, own.err)
	assert.Equal(t, domain.ErrTypeTransition, refusedType(other.rejected))
	assert.Contains(t, other.rejected.Error(), "already active")
}

// TestDripContinueAsNewCarriesState: when continue-as-new is suggested the
// run hands its state on; the next run finishes the remaining steps without
// repeating the done ones.
func TestDripContinueAsNewCarriesState(t *testing.T) {
	e := newDripEnv(t)
	e.RegisterDelayedCallback(func() { e.SetContinueAsNewSuggested(true) }, 36*time.Hour)
	e.ExecuteWorkflow(workflows.DripWorkflowName, dripInput(t0, steps(1, 1, 1)))
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(e.GetWorkflowError(), &can), "%v", e.GetWorkflowError())
	var next workflows.DripInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	require.NotNil(t, next.State)
	assert.Equal(t, domain.DripActive, next.State.Status)
	assert.Equal(t, domain.StepDone, next.State.Steps[0].Status)
	assert.Equal(t, domain.StepPending, next.State.Steps[1].Status)
	assert.Equal(t, []string{"s1/r1@24h0m0s"}, e.rec.runKeys())

	e2 := newDripEnv(t)
	e2.SetStartTime(t0.Add(36 * time.Hour))
	e2.ExecuteWorkflow(workflows.DripWorkflowName, next)
	require.NoError(t, e2.GetWorkflowError())
	assert.Equal(t, []string{"s2/r1@48h0m0s", "s3/r1@72h0m0s"}, e2.rec.runKeys())
	assert.Empty(t, e2.rec.enrolled, "a continued run records no new enrollment")
}

// TestDripPauseWhileScheduled: a scheduled enrollment can be paused; run
// before the start date makes it scheduled again, and it starts on time.
func TestDripPauseWhileScheduled(t *testing.T) {
	e := newDripEnv(t)
	pause := e.updateAt(day, workflows.UpdateDripPause, workflows.DripUpdateInput{})
	resume := e.updateAt(2*day, workflows.UpdateDripRun, workflows.DripUpdateInput{})
	waiting := e.stateAt(3 * day)
	e.ExecuteWorkflow(workflows.DripWorkflowName, dripInput(t0.Add(5*day), steps(0)))
	require.NoError(t, e.GetWorkflowError())
	require.NoError(t, pause.rejected)
	require.NoError(t, resume.rejected)
	assert.Equal(t, domain.DripScheduled, waiting.Status)
	assert.Equal(t, []domain.DripStatus{domain.DripPaused, domain.DripScheduled, domain.DripActive, domain.DripFinished}, e.rec.statusList())
	assert.Equal(t, []string{"s1/r1@120h0m0s"}, e.rec.runKeys())
}

// TestDripPauseGoesBeforeOverdueSteps: a pause that arrives while a run of
// overdue steps is under way stops it after the step in progress.
func TestDripPauseGoesBeforeOverdueSteps(t *testing.T) {
	e := newDripEnv(t)
	e.SetStartTime(t0.Add(30 * day))
	var pause updateResult
	e.rec.onRun = func(n int) {
		if n == 2 { // the pause arrives while the second overdue step runs
			e.UpdateWorkflow(workflows.UpdateDripPause, "pause", &testsuite.TestUpdateCallback{
				OnAccept:   func() {},
				OnReject:   func(err error) { pause.rejected = err },
				OnComplete: func(_ any, err error) { pause.completed, pause.err = true, err },
			}, workflows.DripUpdateInput{})
		}
	}
	state := e.stateAt(time.Hour)
	e.RegisterDelayedCallback(func() { e.CancelWorkflow() }, 2*time.Hour)
	e.ExecuteWorkflow(workflows.DripWorkflowName, dripInput(t0, steps(1, 1, 1, 1, 1)))
	require.NoError(t, pause.rejected)
	assert.True(t, pause.completed)
	assert.Len(t, e.rec.runKeys(), 2, "no overdue step runs after the pause")
	assert.Equal(t, domain.DripPaused, state.Status)
	assert.Equal(t, []domain.DripStatus{domain.DripPaused}, e.rec.statusList())
}

// TestDripContinueAsNewWhilePaused: a paused enrollment continues as new
// still paused, and the next run resumes it on its run update.
func TestDripContinueAsNewWhilePaused(t *testing.T) {
	e := newDripEnv(t)
	e.updateAt(12*time.Hour, workflows.UpdateDripPause, workflows.DripUpdateInput{})
	e.RegisterDelayedCallback(func() { e.SetContinueAsNewSuggested(true) }, 3*day)
	e.ExecuteWorkflow(workflows.DripWorkflowName, dripInput(t0, steps(1, 1)))
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(e.GetWorkflowError(), &can), "%v", e.GetWorkflowError())
	var next workflows.DripInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	require.NotNil(t, next.State)
	assert.Equal(t, domain.DripPaused, next.State.Status)
	assert.Empty(t, e.rec.runKeys())

	e2 := newDripEnv(t)
	e2.SetStartTime(t0.Add(3 * day))
	resume := e2.updateAt(day, workflows.UpdateDripRun, workflows.DripUpdateInput{})
	e2.ExecuteWorkflow(workflows.DripWorkflowName, next)
	require.NoError(t, e2.GetWorkflowError())
	require.NoError(t, resume.rejected)
	assert.Equal(t, []string{"s1/r1@96h0m0s", "s2/r1@96h0m0s"}, e2.rec.runKeys(), "both overdue steps run on resume, in order")
}
