package workflows_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/worker"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

func newEnv(t *testing.T) (*testsuite.TestWorkflowEnvironment, *activities.Activities) {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	env := s.NewTestWorkflowEnvironment()
	acts := &activities.Activities{}
	worker.Register(env, acts)
	return env, acts
}

// update sends an update and records how it ended.
type stageOutcome struct {
	rejected error
	err      error
	result   workflows.StageUpdateResult
	done     bool
}

func sendStageUpdate(env *testsuite.TestWorkflowEnvironment, at time.Duration, name string, out *stageOutcome) {
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
			OnAccept: func() {},
			OnReject: func(err error) { out.rejected = err; out.done = true },
			OnComplete: func(v any, err error) {
				out.err = err
				if r, ok := v.(workflows.StageUpdateResult); ok {
					out.result = r
				}
				out.done = true
			},
		}, workflows.StageUpdateInput{ActorID: "u1"})
	}, at)
}

// TestCampaignStartAndComplete: the start update writes the stage first, then
// the paged bulk start runs; complete ends the participants and the run.
func TestCampaignStartAndComplete(t *testing.T) {
	env, acts := newEnv(t)
	var stages []domain.Stage
	env.OnActivity(acts.SetCampaignStage, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.SetStageInput) error { stages = append(stages, in.To); return nil })
	env.OnActivity(acts.StartParticipants, mock.Anything, activities.StartParticipantsInput{CampaignID: "c1"}).
		Return(activities.StartParticipantsResult{Pages: 2, Initiated: 7, Started: 7}, nil).Once()
	env.OnActivity(acts.EndParticipants, mock.Anything, activities.EndParticipantsInput{CampaignID: "c1", Stage: domain.StageCompleted}).Return(nil).Once()

	var start, again, complete stageOutcome
	sendStageUpdate(env, 0, workflows.UpdateCampaignStart, &start)
	sendStageUpdate(env, time.Second, workflows.UpdateCampaignStart, &again)
	sendStageUpdate(env, 2*time.Second, workflows.UpdateCampaignComplete, &complete)
	env.ExecuteWorkflow(workflows.CampaignWorkflow, workflows.CampaignInput{CampaignID: "c1", Stage: domain.StagePlanning})

	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	require.NoError(t, start.err)
	assert.Equal(t, domain.StageInProgress, start.result.Stage)
	require.Error(t, again.rejected, "a second start is refused by the validator")
	assert.Contains(t, again.rejected.Error(), "already in progress")
	require.NoError(t, complete.err)
	assert.Equal(t, []domain.Stage{domain.StageInProgress, domain.StageCompleted}, stages, "the refused start wrote nothing")

	var res workflows.CampaignResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, domain.StageCompleted, res.Stage)
	assert.Equal(t, 7, res.Initiated)
	env.AssertExpectations(t)
}

// TestCampaignCancelledIsFinal: a run that finds its campaign cancelled
// refuses every stage update and writes nothing.
func TestCampaignCancelledIsFinal(t *testing.T) {
	env, _ := newEnv(t) // no activity may run: none is mocked
	var restart, complete stageOutcome
	sendStageUpdate(env, 0, workflows.UpdateCampaignStart, &restart)
	sendStageUpdate(env, 0, workflows.UpdateCampaignComplete, &complete)
	env.ExecuteWorkflow(workflows.CampaignWorkflow, workflows.CampaignInput{CampaignID: "c2", Stage: domain.StageCancelled})

	require.NoError(t, env.GetWorkflowError())
	require.Error(t, restart.rejected)
	assert.Contains(t, restart.rejected.Error(), "cancelled campaign is final")
	require.Error(t, complete.rejected)
	assert.Contains(t, complete.rejected.Error(), "cancelled campaign is final")
}

// TestCampaignConcurrentStageUpdates: complete and cancel validated at the
// same moment are applied one at a time; the loser is refused and writes nothing.
func TestCampaignConcurrentStageUpdates(t *testing.T) {
	env, acts := newEnv(t)
	var writes []domain.Stage
	env.OnActivity(acts.SetCampaignStage, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.SetStageInput) error { writes = append(writes, in.To); return nil })
	env.OnActivity(acts.StartParticipants, mock.Anything, mock.Anything).Return(activities.StartParticipantsResult{}, nil)
	env.OnActivity(acts.EndParticipants, mock.Anything, mock.Anything).Return(nil)
	var complete, cancel stageOutcome
	sendStageUpdate(env, 0, workflows.UpdateCampaignComplete, &complete)
	sendStageUpdate(env, 0, workflows.UpdateCampaignCancel, &cancel)
	env.ExecuteWorkflow(workflows.CampaignWorkflow, workflows.CampaignInput{CampaignID: "c5", Stage: domain.StageInProgress})
	require.NoError(t, env.GetWorkflowError())
	require.NoError(t, complete.err)
	require.Error(t, cancel.err, "cancel lost the race")
	assert.Contains(t, cancel.err.Error(), "restarted but not cancelled")
	assert.Equal(t, []domain.Stage{domain.StageCompleted}, writes)
}

// TestCampaignStrayStartEnds: a run started without a start update does not
// linger: it ends after the idle limit, having done nothing.
func TestCampaignStrayStartEnds(t *testing.T) {
	env, _ := newEnv(t)
	env.ExecuteWorkflow(workflows.CampaignWorkflow, workflows.CampaignInput{CampaignID: "c3", Stage: domain.StageCompleted})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var res workflows.CampaignResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, domain.StageCompleted, res.Stage)
}

// TestCampaignFanoutRetriesAfterAFailure: a failed page is retried by
// Temporal; the campaign does not hang or finish early.
func TestCampaignFanoutRetriesAfterAFailure(t *testing.T) {
	env, acts := newEnv(t)
	env.OnActivity(acts.SetCampaignStage, mock.Anything, mock.Anything).Return(nil)
	env.OnActivity(acts.StartParticipants, mock.Anything, mock.Anything).
		Return(activities.StartParticipantsResult{}, assert.AnError).Once()
	env.OnActivity(acts.StartParticipants, mock.Anything, mock.Anything).
		Return(activities.StartParticipantsResult{Initiated: 3, Started: 3}, nil).Once()
	env.OnActivity(acts.EndParticipants, mock.Anything, mock.Anything).Return(nil)
	var start, complete stageOutcome
	sendStageUpdate(env, 0, workflows.UpdateCampaignStart, &start)
	sendStageUpdate(env, time.Hour, workflows.UpdateCampaignComplete, &complete)
	env.ExecuteWorkflow(workflows.CampaignWorkflow, workflows.CampaignInput{CampaignID: "c4", Stage: domain.StagePlanning})
	require.NoError(t, env.GetWorkflowError())
	var res workflows.CampaignResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, 3, res.Initiated)
	env.AssertExpectations(t)
}
