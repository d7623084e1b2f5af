package workflows

import (
	"context"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// CampaignClient reaches campaign workflows (campaign/{id}).
type CampaignClient struct{ clientBase }

// stageUpdate names the update that moves a campaign to a stage.
func stageUpdate(to domain.Stage) string {
	for _, u := range stageUpdates {
		if u.to == to {
			return u.name
		}
	}
	return ""
}

// Move sends the stage update to `to` to the campaign's running workflow,
// whose validator decides; ErrNoWorkflow comes back when no run is open
// (the caller decides from PostgreSQL, then calls StartAndMove). It returns
// once the workflow has written the new stage to PostgreSQL.
func (k CampaignClient) Move(ctx context.Context, campaignID string, to domain.Stage, actorID string) (StageUpdateResult, error) {
	var res StageUpdateResult
	err := k.update(ctx, domain.CampaignWorkflowID(campaignID), stageUpdate(to), StageUpdateInput{ActorID: actorID}, &res)
	if NotRunning(err) {
		return res, ErrNoWorkflow
	}
	return res, err
}

// StartAndMove starts the campaign's workflow in its current stage (first
// start, or restart of a completed campaign) and moves it, in one
// update-with-start; a run that opened meanwhile gets the update instead.
func (k CampaignClient) StartAndMove(ctx context.Context, camp domain.Campaign, to domain.Stage, actorID string) (StageUpdateResult, error) {
	start := k.temporal.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
		ID:                       domain.CampaignWorkflowID(camp.ID),
		TaskQueue:                k.taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			CampaignIDKey.ValueSet(camp.ID),
			CampaignStageKey.ValueSet(string(camp.Stage)),
		),
	}, CampaignWorkflowName, CampaignInput{CampaignID: camp.ID, Stage: camp.Stage})
	handle, err := k.temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{
			UpdateName:   stageUpdate(to),
			Args:         []any{StageUpdateInput{ActorID: actorID}},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	var res StageUpdateResult
	if err != nil {
		return res, err
	}
	return res, handle.Get(ctx, &res)
}

// ParticipantsAdded tells a running campaign that it has participants to
// initiate; a campaign whose workflow does not run is skipped.
func (k CampaignClient) ParticipantsAdded(ctx context.Context, campaignID string) error {
	return k.signal(ctx, domain.CampaignWorkflowID(campaignID), SignalCampaignParticipantsAdded, nil)
}

// Running reports whether the campaign's workflow still runs (a completed or
// cancelled campaign's workflow winds its participants down before it ends).
func (k CampaignClient) Running(ctx context.Context, campaignID string) (bool, error) {
	desc, err := k.temporal.DescribeWorkflowExecution(ctx, domain.CampaignWorkflowID(campaignID), "")
	if NotRunning(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return desc.GetWorkflowExecutionInfo().GetStatus() == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, nil
}

// State queries the campaign workflow's state.
func (k CampaignClient) State(ctx context.Context, campaignID string) (CampaignState, error) {
	var st CampaignState
	return st, k.query(ctx, domain.CampaignWorkflowID(campaignID), &st)
}
