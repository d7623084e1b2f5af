package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// moveCampaign answers start, complete and cancel. The campaign workflow owns
// the stage, so the move is a validated Temporal update, sent with
// update-with-start: it reaches the running workflow, or starts the
// campaign's workflow (first start, or restart of a completed campaign).
// The workflow writes the new stage to PostgreSQL before the update returns.
func (s *server) moveCampaign(update string, to domain.Stage) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		camp, err := s.store.GetCampaign(c, id)
		if err != nil {
			fail(c, err)
			return
		}
		if err := camp.Stage.CanMove(to); err != nil {
			fail(c, err)
			return
		}
		if to == domain.StageInProgress {
			if err := s.prepareStart(c, id); err != nil {
				fail(c, err)
				return
			}
		}
		ctx := detached(c)
		start := s.temporal.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
			ID:                       domain.CampaignWorkflowID(id),
			TaskQueue:                s.taskQueue,
			WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
			TypedSearchAttributes: temporal.NewSearchAttributes(
				workflows.CampaignIDKey.ValueSet(id),
				workflows.CampaignStageKey.ValueSet(string(camp.Stage)),
			),
		}, workflows.CampaignWorkflowName, workflows.CampaignInput{CampaignID: id, Stage: camp.Stage})
		handle, err := s.temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
			StartWorkflowOperation: start,
			UpdateOptions: client.UpdateWorkflowOptions{
				UpdateName:   update,
				Args:         []any{workflows.StageUpdateInput{ActorID: currentUser(c).ID}},
				WaitForStage: client.WorkflowUpdateStageCompleted,
			},
		})
		if err != nil {
			fail(c, err)
			return
		}
		var res workflows.StageUpdateResult
		if err := handle.Get(ctx, &res); err != nil {
			fail(c, err)
			return
		}
		s.syncSchedule(c, id)
		s.writeCampaign(c, http.StatusOK, id)
	}
}
