package workflows_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// TestAudienceSyncCoalescesChanges: the change that starts a sync (its
// signal-with-start) is covered by the first pass; the changes signalled
// while that pass runs, however many, cost one more pass, which returns
// the schedule as it then is.
func TestAudienceSyncCoalescesChanges(t *testing.T) {
	env, acts := newEnv(t)
	signalWithStart(env)
	passes := 0
	env.OnActivity(acts.SyncAudienceSchedule, mock.Anything, activities.SyncScheduleInput{CampaignID: "c1"}).Return(
		func(ctx context.Context, in activities.SyncScheduleInput) (domain.ScheduleState, error) {
			passes++
			if passes == 1 {
				// Three changes arrive while the first pass runs.
				for range 3 {
					env.SignalWorkflow(workflows.SignalAudienceSyncChanged, nil)
				}
			}
			return domain.ScheduleState{ID: "audience/c1", Exists: true, Running: passes > 1, IntervalSeconds: 60}, nil
		})
	env.ExecuteWorkflow(workflows.AudienceSyncWorkflow, workflows.AudienceSyncInput{CampaignID: "c1"})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var st domain.ScheduleState
	require.NoError(t, env.GetWorkflowResult(&st))
	assert.Equal(t, 2, passes, "three changes during the first pass cost one more pass")
	assert.True(t, st.Running, "the result is the last pass's")
}

// TestAudienceSyncStartedByOneChange: a sync started by one change makes
// one pass and ends.
func TestAudienceSyncStartedByOneChange(t *testing.T) {
	env, acts := newEnv(t)
	signalWithStart(env)
	passes := 0
	env.OnActivity(acts.SyncAudienceSchedule, mock.Anything, mock.Anything).Return(
		func(ctx context.Context, in activities.SyncScheduleInput) (domain.ScheduleState, error) {
			passes++
			return domain.ScheduleState{ID: "audience/c1"}, nil
		})
	env.ExecuteWorkflow(workflows.AudienceSyncWorkflow, workflows.AudienceSyncInput{CampaignID: "c1"})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	assert.Equal(t, 1, passes)
}

// signalWithStart has the sync's "changed" signal waiting when the
// workflow first runs, as AudienceClient.Sync's signal-with-start leaves it.
func signalWithStart(env *testsuite.TestWorkflowEnvironment) {
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflowSkippingWorkflowTask(workflows.SignalAudienceSyncChanged, nil)
	}, 0)
}
