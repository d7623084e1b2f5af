package workflows_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// participantEnv is a test environment running ParticipantWorkflow with
// every activity registered (and mocked by each test).
func participantEnv(t *testing.T) *testsuite.TestWorkflowEnvironment {
	env := workflowEnv(workflows.ParticipantWorkflow, workflows.ParticipantWorkflowName)
	t.Cleanup(func() { env.AssertExpectations(t) })
	return env
}

// contacted is a participant just initiated with the default workflow,
// optionally with a delayed email on Contacted.
func contacted(env *testsuite.TestWorkflowEnvironment, delay time.Duration) workflows.ParticipantInput {
	def := domain.DefaultWorkflow()
	if delay > 0 {
		def.Statuses[1].Actions = append(def.Statuses[1].Actions,
			domain.Action{Kind: domain.ActionEmail, Subject: "Follow-up", DelaySeconds: int64(delay / time.Second)})
	}
	return workflows.ParticipantInput{CampaignID: "c1", ParticipantID: "p1", ContactID: "k1", OwnerID: "u1",
		Status: domain.StatusContacted, Transitions: 1, StatusSince: env.Now(), Workflow: def}
}

// update sends an update at the given moment and records its outcome.
type updateOutcome struct {
	rejected  error
	completed bool
	err       error
}

func sendUpdate(env *testsuite.TestWorkflowEnvironment, at time.Duration, name string, arg any) *updateOutcome {
	out := &updateOutcome{}
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(name, name+at.String(), &testsuite.TestUpdateCallback{
			OnAccept:   func() {},
			OnReject:   func(err error) { out.rejected = err },
			OnComplete: func(_ any, err error) { out.completed, out.err = true, err },
		}, arg)
	}, at)
	return out
}

func endCampaign(env *testsuite.TestWorkflowEnvironment, at time.Duration) {
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(workflows.SignalParticipantCampaignEnded, workflows.CampaignEndedInput{Stage: domain.StageCompleted})
	}, at)
}

func applied(env *testsuite.TestWorkflowEnvironment) *[]activities.ApplyStatusInput {
	var calls []activities.ApplyStatusInput
	env.OnActivity("ApplyParticipantStatus", mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.ApplyStatusInput) (activities.ApplyStatusResult, error) {
			calls = append(calls, in)
			return activities.ApplyStatusResult{StatusSince: env.Now()}, nil
		}).Maybe()
	return &calls
}

func TestParticipantFollowsTheSeedExample(t *testing.T) {
	env := participantEnv(t)
	calls := applied(env)
	env.OnUpsertTypedSearchAttributes(mock.Anything).Return(nil)
	responded := sendUpdate(env, time.Minute, workflows.UpdateParticipantStatus, workflows.StatusUpdateInput{Status: "Responded"})
	interested := sendUpdate(env, 2*time.Minute, workflows.UpdateParticipantStatus, workflows.StatusUpdateInput{Status: "Interested"})
	final := sendUpdate(env, 3*time.Minute, workflows.UpdateParticipantStatus, workflows.StatusUpdateInput{Status: "Don't contact me"})
	env.ExecuteWorkflow(workflows.ParticipantWorkflowName, contacted(env, 0))

	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	for _, u := range []*updateOutcome{responded, interested, final} {
		assert.NoError(t, u.rejected)
		assert.True(t, u.completed)
		assert.NoError(t, u.err)
	}
	var res workflows.ParticipantResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, "Don't contact me", res.Status)
	assert.Equal(t, 4, res.Transitions)
	require.Len(t, *calls, 3)
	assert.Equal(t, activities.ApplyStatusInput{CampaignID: "c1", ParticipantID: "p1", From: "Responded", To: "Interested",
		Transition: 3, Actions: domain.DefaultWorkflow().Statuses[4].Actions}, (*calls)[1])
}

func TestParticipantValidatorRefusesWithoutWriting(t *testing.T) {
	env := participantEnv(t)
	calls := applied(env)
	env.OnUpsertTypedSearchAttributes(mock.Anything).Return(nil)
	skip := sendUpdate(env, time.Minute, workflows.UpdateParticipantStatus, workflows.StatusUpdateInput{Status: "Interested"})
	back := sendUpdate(env, 2*time.Minute, workflows.UpdateParticipantStatus, workflows.StatusUpdateInput{Status: domain.StatusTargeted})
	unknown := sendUpdate(env, 3*time.Minute, workflows.UpdateParticipantStatus, workflows.StatusUpdateInput{Status: "Delighted"})
	badOwner := sendUpdate(env, 4*time.Minute, workflows.UpdateParticipantOwner, workflows.OwnerUpdateInput{OwnerID: "not-a-user"})
	endCampaign(env, 5*time.Minute)
	afterEnd := sendUpdate(env, 5*time.Minute+time.Second, workflows.UpdateParticipantStatus, workflows.StatusUpdateInput{Status: "Responded"})
	env.ExecuteWorkflow(workflows.ParticipantWorkflowName, contacted(env, 0))

	require.NoError(t, env.GetWorkflowError())
	for name, u := range map[string]*updateOutcome{"skip": skip, "back": back, "unknown": unknown, "owner": badOwner} {
		require.Error(t, u.rejected, name)
		assert.False(t, u.completed, name)
	}
	assert.Contains(t, skip.rejected.Error(), "allowed next statuses are Responded, Not responded, Don't contact me")
	assert.Contains(t, back.rejected.Error(), "no participant returns to Targeted")
	assert.Contains(t, unknown.rejected.Error(), "no such status")
	assert.Contains(t, badOwner.rejected.Error(), "owner_id")
	// The update after the campaign ended found the workflow finished: never applied.
	assert.False(t, afterEnd.completed)
	assert.Empty(t, *calls, "a refused update writes nothing")
	var res workflows.ParticipantResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, domain.StatusContacted, res.Status)
	assert.Equal(t, "the campaign is completed", res.Ended)
}

func TestParticipantOwnerUpdate(t *testing.T) {
	env := participantEnv(t)
	var got activities.SetOwnerInput
	env.OnActivity("SetParticipantOwner", mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.SetOwnerInput) error { got = in; return nil }).Once()
	env.OnUpsertTypedSearchAttributes(mock.Anything).Return(nil)
	owner := "0b3f4c5e-8f8e-4f43-9d2b-111111111111"
	u := sendUpdate(env, time.Minute, workflows.UpdateParticipantOwner, workflows.OwnerUpdateInput{OwnerID: owner})
	var state workflows.ParticipantState
	env.RegisterDelayedCallback(func() {
		v, err := env.QueryWorkflow(workflows.QueryState)
		require.NoError(t, err)
		require.NoError(t, v.Get(&state))
	}, 2*time.Minute)
	endCampaign(env, 3*time.Minute)
	env.ExecuteWorkflow(workflows.ParticipantWorkflowName, contacted(env, 0))
	require.NoError(t, env.GetWorkflowError())
	assert.True(t, u.completed)
	assert.NoError(t, u.err)
	assert.Equal(t, activities.SetOwnerInput{CampaignID: "c1", ParticipantID: "p1", OwnerID: owner}, got)
	assert.Equal(t, owner, state.OwnerID)
}

// runBeforeOutbox makes the run one recorded before delayed emails became
// outbox rows: it keeps its own timers.
func runBeforeOutbox(env *testsuite.TestWorkflowEnvironment) {
	env.OnGetVersion("delayed-email-outbox", workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
}

// TestDelayedEmailOfAnOlderRunWaitsOnATimer: a run recorded before the
// outbox sender sends its delayed email when its durable timer fires (time
// skipping), and not at all for a participant who moved on first.
func TestDelayedEmailOfAnOlderRunWaitsOnATimer(t *testing.T) {
	env := participantEnv(t)
	runBeforeOutbox(env)
	var sentAt []time.Duration
	start := env.Now()
	env.OnActivity("SendDelayedEmail", mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.DelayedEmailInput) (activities.SendEmailsResult, error) {
			sentAt = append(sentAt, env.Now().Sub(start))
			assert.Equal(t, 1, in.Transition)
			assert.Equal(t, 1, in.Index)
			return activities.SendEmailsResult{Sent: 1}, nil
		}).Once()
	endCampaign(env, 5*time.Hour)
	env.ExecuteWorkflow(workflows.ParticipantWorkflowName, contacted(env, 3*time.Hour))
	require.NoError(t, env.GetWorkflowError())
	require.Len(t, sentAt, 1)
	assert.Equal(t, 3*time.Hour, sentAt[0].Round(time.Second))
}

func TestDelayedEmailOfAnOlderRunCancelledByAStatusChange(t *testing.T) {
	env := participantEnv(t)
	runBeforeOutbox(env)
	applied(env)
	env.OnUpsertTypedSearchAttributes(mock.Anything).Return(nil)
	sendUpdate(env, time.Hour, workflows.UpdateParticipantStatus, workflows.StatusUpdateInput{Status: "Responded"})
	endCampaign(env, 5*time.Hour)
	env.ExecuteWorkflow(workflows.ParticipantWorkflowName, contacted(env, 3*time.Hour))
	require.NoError(t, env.GetWorkflowError())
	env.AssertActivityNotCalled(t, "SendDelayedEmail", mock.Anything, mock.Anything)
}

// TestAnOlderRunKeepsItsTimersOverContinueAsNew: the run it continues as
// carries that its delayed emails are its own timers' (no outbox row waits
// for them), and arms them again.
func TestAnOlderRunKeepsItsTimersOverContinueAsNew(t *testing.T) {
	env := participantEnv(t)
	runBeforeOutbox(env)
	env.SetContinueAsNewSuggested(true)
	env.ExecuteWorkflow(workflows.ParticipantWorkflowName, contacted(env, 3*time.Hour))
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(env.GetWorkflowError(), &can))
	var carried workflows.ParticipantInput
	require.NoError(t, converterFor().FromPayloads(can.Input, &carried))
	assert.True(t, carried.TimerDelays)

	next := participantEnv(t)
	next.OnActivity("SendDelayedEmail", mock.Anything, mock.Anything).Return(activities.SendEmailsResult{Sent: 1}, nil).Once()
	endCampaign(next, 5*time.Hour)
	next.ExecuteWorkflow(workflows.ParticipantWorkflowName, carried)
	require.NoError(t, next.GetWorkflowError())
}

// TestDelayedEmailArmsNoTimer: a run of today leaves its delayed emails to
// the outbox (due rows the outbox sender sends): no timer, no activity, and
// a participant in a final status ends at once even with one pending.
func TestDelayedEmailArmsNoTimer(t *testing.T) {
	env := participantEnv(t)
	in := contacted(env, 3*time.Hour)
	for i, st := range in.Workflow.Statuses {
		if st.Name == "Don't contact me" { // a final status with a delayed email of its own
			in.Workflow.Statuses[i].Actions = append(st.Actions, domain.Action{Kind: domain.ActionEmail, Subject: "Later", DelaySeconds: 7200})
		}
	}
	applied(env)
	env.OnUpsertTypedSearchAttributes(mock.Anything).Return(nil)
	sendUpdate(env, time.Minute, workflows.UpdateParticipantStatus, workflows.StatusUpdateInput{Status: "Don't contact me"})
	start := env.Now()
	env.ExecuteWorkflow(workflows.ParticipantWorkflowName, in)
	require.NoError(t, env.GetWorkflowError())
	env.AssertActivityNotCalled(t, "SendDelayedEmail", mock.Anything, mock.Anything)
	assert.Less(t, env.Now().Sub(start), time.Hour, "ends when final, without waiting for the delays")
}

// TestStatusAppliedInBulk: a status change a batch recorded is adopted once;
// an older or repeated one changes nothing.
func TestStatusAppliedInBulk(t *testing.T) {
	env := participantEnv(t)
	env.OnUpsertTypedSearchAttributes(mock.Anything).Return(nil)
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(workflows.SignalParticipantStatusApplied, workflows.StatusAppliedInput{Status: "Responded", Transitions: 2, StatusSince: env.Now()})
		env.SignalWorkflow(workflows.SignalParticipantStatusApplied, workflows.StatusAppliedInput{Status: "Not responded", Transitions: 2, StatusSince: env.Now()})
	}, time.Minute)
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(workflows.SignalParticipantStatusApplied, workflows.StatusAppliedInput{Status: "Don't contact me", Transitions: 3, StatusSince: env.Now()})
	}, 2*time.Minute)
	env.ExecuteWorkflow(workflows.ParticipantWorkflowName, contacted(env, 0))
	require.NoError(t, env.GetWorkflowError())
	var res workflows.ParticipantResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, "Don't contact me", res.Status)
	assert.Equal(t, 3, res.Transitions)
}

func TestParticipantContinuesAsNewWithItsState(t *testing.T) {
	env := participantEnv(t)
	env.SetContinueAsNewSuggested(true)
	in := contacted(env, 0)
	env.ExecuteWorkflow(workflows.ParticipantWorkflowName, in)
	err := env.GetWorkflowError()
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(err, &can), "%v", err)
	assert.Equal(t, workflows.ParticipantWorkflowName, can.WorkflowType.Name)
	var carried workflows.ParticipantInput
	require.NoError(t, converterFor().FromPayloads(can.Input, &carried))
	assert.Equal(t, in.Status, carried.Status)
	assert.Equal(t, in.Transitions, carried.Transitions)
	assert.Equal(t, in.OwnerID, carried.OwnerID)
}
