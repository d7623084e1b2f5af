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

func campaignEnv(t *testing.T) *testsuite.TestWorkflowEnvironment {
	env := workflowEnv(workflows.CampaignWorkflow, workflows.CampaignWorkflowName)
	env.OnUpsertTypedSearchAttributes(mock.Anything).Return(nil).Maybe()
	t.Cleanup(func() { env.AssertExpectations(t) })
	return env
}

// TestCampaignStagesAndRefusals: start runs the bulk start, complete ends the
// participants; refused moves are rejected by the validator and write nothing.
func TestCampaignStagesAndRefusals(t *testing.T) {
	env := campaignEnv(t)
	var moves []activities.SetStageInput
	env.OnActivity("SetCampaignStage", mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.SetStageInput) error { moves = append(moves, in); return nil })
	env.OnActivity("StartParticipants", mock.Anything, mock.Anything).Return(activities.StartParticipantsResult{Initiated: 3, Started: 3}, nil).Once()
	var ended activities.EndParticipantsInput
	env.OnActivity("EndParticipants", mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.EndParticipantsInput) error { ended = in; return nil }).Once()
	cancelEarly := sendUpdate(env, time.Second, workflows.UpdateCampaignCancel, workflows.StageUpdateInput{})
	start := sendUpdate(env, 2*time.Second, workflows.UpdateCampaignStart, workflows.StageUpdateInput{})
	again := sendUpdate(env, 3*time.Second, workflows.UpdateCampaignStart, workflows.StageUpdateInput{})
	complete := sendUpdate(env, 4*time.Second, workflows.UpdateCampaignComplete, workflows.StageUpdateInput{})
	env.ExecuteWorkflow(workflows.CampaignWorkflowName, workflows.CampaignInput{CampaignID: "c1", Stage: domain.StagePlanning})

	require.NoError(t, env.GetWorkflowError())
	require.Error(t, cancelEarly.rejected)
	assert.Contains(t, cancelEarly.rejected.Error(), "only a campaign in progress can be cancelled")
	require.Error(t, again.rejected)
	assert.Contains(t, again.rejected.Error(), "already in progress")
	assert.True(t, start.completed)
	assert.True(t, complete.completed)
	assert.Equal(t, []activities.SetStageInput{
		{CampaignID: "c1", From: domain.StagePlanning, To: domain.StageInProgress},
		{CampaignID: "c1", From: domain.StageInProgress, To: domain.StageCompleted},
	}, moves)
	assert.Equal(t, activities.EndParticipantsInput{CampaignID: "c1", Stage: domain.StageCompleted}, ended)
	var res workflows.CampaignResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, domain.StageCompleted, res.Stage)
	assert.Equal(t, 3, res.Initiated)
}

func TestCampaignContinuesAsNew(t *testing.T) {
	env := campaignEnv(t)
	env.SetContinueAsNewSuggested(true)
	env.ExecuteWorkflow(workflows.CampaignWorkflowName, workflows.CampaignInput{CampaignID: "c1", Stage: domain.StageInProgress})
	var can *workflow.ContinueAsNewError
	err := env.GetWorkflowError()
	require.True(t, errors.As(err, &can), "%v", err)
	var carried workflows.CampaignInput
	require.NoError(t, converterFor().FromPayloads(can.Input, &carried))
	assert.Equal(t, workflows.CampaignInput{CampaignID: "c1", Stage: domain.StageInProgress}, carried)
}
