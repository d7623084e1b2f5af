package api

import (
	"fmt"
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
		if to == domain.StageInProgress {
			s.writeStarted(c, id)
			return
		}
		s.writeCampaign(c, http.StatusOK, id)
	}
}

// startedView is a started campaign with the participants its start cannot
// initiate (those without an owner stay Targeted).
type startedView struct {
	campaignView
	NotInitiated int      `json:"not_initiated"`
	Warnings     []string `json:"warnings,omitempty"`
}

func (s *server) writeStarted(c *gin.Context, id string) {
	camp, err := s.store.GetCampaign(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	n, err := s.store.CountParticipants(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	unowned, err := s.store.CountUnowned(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	v := startedView{campaignView: campaignView{Campaign: camp, Participants: n}, NotInitiated: unowned}
	if unowned > 0 {
		v.Warnings = append(v.Warnings, fmt.Sprintf(
			"%d participants have no owner and stay Targeted until they are given one", unowned))
		logger(c).Warn("participants without owner not initiated", "campaign", id, "count", unowned)
	}
	c.JSON(http.StatusOK, v)
}
