package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// participantRoutes serves a campaign's participant changes, its Documents
// tab and its batch status updates (g is /campaigns/:id).
func (s *server) participantRoutes(g *gin.RouterGroup) {
	g.PATCH("/participants/:pid", s.patchParticipant)
	g.DELETE("/participants/:pid", s.removeParticipant)
	g.DELETE("/participants", s.removeAllParticipants)
	g.POST("/participants/status", s.batchParticipantStatus)
	g.GET("/documents", s.campaignDocuments)
	g.POST("/documents/:doc_id/email", s.emailCampaignDocument)
}

// campaignAndParticipant reads the campaign and participant of the path,
// answering 404 itself when either is unknown.
func (s *server) campaignAndParticipant(c *gin.Context) (domain.Campaign, domain.Participant, bool) {
	id, ok := pathID(c, "id")
	if !ok {
		return domain.Campaign{}, domain.Participant{}, false
	}
	pid, ok := pathID(c, "pid")
	if !ok {
		return domain.Campaign{}, domain.Participant{}, false
	}
	camp, err := s.store.GetCampaign(c, id)
	if err != nil {
		fail(c, err)
		return camp, domain.Participant{}, false
	}
	p, err := s.store.GetParticipant(c, id, pid)
	if err != nil {
		fail(c, err)
		return camp, p, false
	}
	return camp, p, true
}

// patchParticipant changes one participant's status or owner. While the
// participant has a running workflow, the change is a validated Temporal
// update on it (a refusal writes nothing); otherwise PostgreSQL owns the
// participant and the change is written directly where the rules allow it.
func (s *server) patchParticipant(c *gin.Context) {
	var in domain.ParticipantChange
	if !bind(c, &in) {
		return
	}
	if err := in.Validate(); err != nil {
		fail(c, err)
		return
	}
	camp, p, ok := s.campaignAndParticipant(c)
	if !ok {
		return
	}
	camp, err := s.asParticipantSees(c, camp, p)
	if err != nil {
		fail(c, err)
		return
	}
	if in.OwnerID != nil {
		err = s.changeOwner(c, camp, p, *in.OwnerID)
	} else {
		err = s.changeStatus(c, camp, p, strings.TrimSpace(*in.Status))
	}
	if err != nil {
		fail(c, err)
		return
	}
	p, err = s.store.GetParticipant(c, camp.ID, p.ID)
	reply(c, http.StatusOK, p, err)
}

// asParticipantSees returns the campaign with the workflow definition the
// participant runs: its own version's, when a newer version was published
// since it started.
func (s *server) asParticipantSees(c *gin.Context, camp domain.Campaign, p domain.Participant) (domain.Campaign, error) {
	if p.Version == 0 || p.Version == camp.Version {
		return camp, nil
	}
	v, err := s.store.GetVersion(c, camp.ID, p.Version)
	if err != nil {
		return camp, err
	}
	camp.Workflow, camp.Version = v.Workflow, v.Version
	return camp, nil
}

// hasWorkflow reports whether a participant is run by its workflow: it was
// initiated, is not final, and its campaign is in progress.
func hasWorkflow(camp domain.Campaign, p domain.Participant) bool {
	return camp.Stage == domain.StageInProgress && p.Status != domain.StatusTargeted && !camp.Workflow.IsFinal(p.Status)
}

// statusRefusal says why the participant may not move to status now, or
// returns the target status; which moves the definition allows is for the
// participant workflow's validator to say.
func statusRefusal(camp domain.Campaign, p domain.Participant, status string) (domain.ParticipantStatus, error) {
	target, ok := camp.Workflow.Status(status)
	if !ok {
		return target, &domain.ValidationError{Fields: []domain.FieldError{{Field: "status", Message: fmt.Sprintf("%q is not a status of this campaign's workflow", status)}}}
	}
	if err := domain.CanChangeParticipantStatus(camp.Stage, p.Status, target.Name); err != nil {
		return target, err
	}
	return target, domain.CheckNotFinal(camp.Workflow, p.Status)
}

func (s *server) changeStatus(c *gin.Context, camp domain.Campaign, p domain.Participant, status string) error {
	target, err := statusRefusal(camp, p, status)
	if err != nil {
		return err
	}
	var res workflows.StatusUpdateResult
	return s.updateParticipant(c, camp, p, workflows.UpdateParticipantStatus,
		workflows.StatusUpdateInput{Status: target.Name, ActorID: currentUser(c).ID}, &res,
		func(camp domain.Campaign, p domain.Participant) error {
			_, err := statusRefusal(camp, p, status)
			return err
		})
}

func (s *server) changeOwner(c *gin.Context, camp domain.Campaign, p domain.Participant, ownerID string) error {
	refuse := func(camp domain.Campaign, p domain.Participant) error {
		return domain.CanChangeOwner(camp.Stage, camp.Workflow, p.Status)
	}
	if err := refuse(camp, p); err != nil {
		return err
	}
	if _, err := s.store.GetUser(c, ownerID); err != nil {
		if errors.Is(err, domain.ErrNotFound) {
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: "owner_id", Message: "no such user"}}}
		}
		return err
	}
	if hasWorkflow(camp, p) {
		var res workflows.OwnerUpdateResult
		return s.updateParticipant(c, camp, p, workflows.UpdateParticipantOwner,
			workflows.OwnerUpdateInput{OwnerID: ownerID, ActorID: currentUser(c).ID}, &res, refuse)
	}
	if err := s.store.SetParticipantOwner(c, camp.ID, p.ID, ownerID); err != nil {
		return err
	}
	if camp.Stage == domain.StageInProgress && p.Status == domain.StatusTargeted {
		// Now that it has an owner, the running campaign initiates it.
		s.signalParticipantsAdded(c, camp.ID)
	}
	return nil
}

// updateParticipant sends a validated update to the participant's running
// workflow. Without one (the bulk start has not started it yet, a restart
// has not restarted it, or it has closed), the participant is read again:
// a workflow writes PostgreSQL before it closes, so refuse judges the
// current state, and only a participant that should still have a workflow
// gets one started in that state (update-with-start). A refused change thus
// never leaves a new run behind, even when the workflow closed a moment ago.
func (s *server) updateParticipant(c *gin.Context, camp domain.Campaign, p domain.Participant, name string, arg, out any,
	refuse func(domain.Campaign, domain.Participant) error) error {
	ctx := detached(c)
	update := client.UpdateWorkflowOptions{
		WorkflowID: domain.ParticipantWorkflowID(camp.ID, p.ID),
		UpdateName: name, Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted,
	}
	handle, err := s.temporal.UpdateWorkflow(ctx, update)
	if err == nil {
		err = handle.Get(ctx, out)
	}
	var nf *serviceerror.NotFound
	if !errors.As(err, &nf) {
		return err
	}
	camp, p, err = s.participantNow(c, camp.ID, p.ID)
	if err != nil {
		return err
	}
	if err := refuse(camp, p); err != nil {
		return err
	}
	if !hasWorkflow(camp, p) {
		return &domain.ConflictError{Reason: "the participant changed while the request was made; read it again and retry"}
	}
	id, in, sa := workflows.ParticipantStart(camp, p)
	start := s.temporal.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
		ID: id, TaskQueue: s.taskQueue, TypedSearchAttributes: sa,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, workflows.ParticipantWorkflowName, in)
	handle, err = s.temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start, UpdateOptions: update,
	})
	if err != nil {
		return err
	}
	return handle.Get(ctx, out)
}

// participantNow reads a campaign and participant again, the campaign with
// the definition the participant runs.
func (s *server) participantNow(c *gin.Context, campaignID, pid string) (domain.Campaign, domain.Participant, error) {
	camp, err := s.store.GetCampaign(c, campaignID)
	if err != nil {
		return camp, domain.Participant{}, err
	}
	p, err := s.store.GetParticipant(c, campaignID, pid)
	if err != nil {
		return camp, p, err
	}
	camp, err = s.asParticipantSees(c, camp, p)
	return camp, p, err
}

func (s *server) signalParticipantsAdded(c *gin.Context, campaignID string) {
	err := s.temporal.SignalWorkflow(detached(c), domain.CampaignWorkflowID(campaignID), "", workflows.SignalCampaignParticipantsAdded, nil)
	if err != nil {
		logger(c).Warn("could not signal campaign about new participants", "campaign", campaignID, "error", err)
	}
}

// removeParticipant removes one participant; its workflow, if any, ends.
func (s *server) removeParticipant(c *gin.Context) {
	camp, p, ok := s.campaignAndParticipant(c)
	if !ok {
		return
	}
	if err := domain.CanChangeParticipants(camp.Stage); err != nil {
		fail(c, err)
		return
	}
	if err := s.store.RemoveParticipant(c, camp.ID, p.ID); err != nil {
		fail(c, err)
		return
	}
	s.endRemoved(c, camp.ID, p.ID)
	c.Status(http.StatusNoContent)
}

// removeAllParticipants removes every participant of a campaign; their
// workflows end through an "End Removed Campaign Participants" batch process.
func (s *server) removeAllParticipants(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	camp, err := s.store.GetCampaign(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	if err := domain.CanChangeParticipants(camp.Stage); err != nil {
		fail(c, err)
		return
	}
	removed, err := s.store.RemoveAllParticipants(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	out := gin.H{"removed": removed.Count}
	if len(removed.Initiated) > 0 {
		// Their workflows end in the background, however many there are.
		b, err := s.startBatch(c, domain.BatchEndRemovedParticipants, activities.RemovedBatchParams{CampaignID: id}, removed.Initiated)
		if err != nil {
			fail(c, err)
			return
		}
		out["batch_process_id"] = b.ID
	}
	c.JSON(http.StatusOK, out)
}

// endRemoved signals a removed participant's workflow to end; a participant
// without a running workflow is skipped.
func (s *server) endRemoved(c *gin.Context, campaignID, pid string) {
	err := s.temporal.SignalWorkflow(detached(c), domain.ParticipantWorkflowID(campaignID, pid), "", workflows.SignalParticipantRemoved,
		workflows.RemovedInput{ActorID: currentUser(c).ID})
	var nf *serviceerror.NotFound
	if err != nil && !errors.As(err, &nf) {
		logger(c).Warn("could not end a removed participant's workflow", "participant", pid, "error", err)
	}
}

// statusBatchInput is the body of POST .../participants/status.
type statusBatchInput struct {
	ParticipantIDs []string `json:"participant_ids"`
	Status         string   `json:"status"`
}

// batchParticipantStatus starts an "Update Campaign Participant Status"
// batch process and answers 202 with it.
// anyVersionStatus finds a status by name in the campaign's current
// definition or, since participants keep the version they started with, in
// any of its other versions.
func (s *server) anyVersionStatus(c *gin.Context, camp domain.Campaign, name string) (domain.ParticipantStatus, bool, error) {
	if st, ok := camp.Workflow.Status(name); ok {
		return st, true, nil
	}
	vs, err := s.store.ListVersions(c, camp.ID)
	if err != nil {
		return domain.ParticipantStatus{}, false, err
	}
	for _, v := range vs {
		if st, ok := v.Workflow.Status(name); ok {
			return st, true, nil
		}
	}
	return domain.ParticipantStatus{}, false, nil
}

func (s *server) batchParticipantStatus(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in statusBatchInput
	if !bind(c, &in) {
		return
	}
	var v domain.Validator
	v.Check(len(in.ParticipantIDs) > 0, "participant_ids", "list at least one participant")
	v.Check(len(in.ParticipantIDs) <= maxAddBatch, "participant_ids", "at most %d participants per request", maxAddBatch)
	v.Check(strings.TrimSpace(in.Status) != "", "status", "is required")
	v.MaxLen("status", in.Status, domain.MaxName)
	if err := v.Err(); err != nil {
		fail(c, err)
		return
	}
	camp, err := s.store.GetCampaign(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	target, ok, err := s.anyVersionStatus(c, camp, strings.TrimSpace(in.Status))
	if err != nil {
		fail(c, err)
		return
	}
	if !ok {
		invalid(c, domain.FieldError{Field: "status", Message: fmt.Sprintf("%q is not a status of this campaign's workflow", in.Status)})
		return
	}
	if err := domain.CanChangeParticipantStatus(camp.Stage, "", target.Name); err != nil {
		fail(c, err)
		return
	}
	params := activities.StatusBatchParams{CampaignID: id, Status: target.Name, ActorID: currentUser(c).ID}
	b, err := s.startBatch(c, domain.BatchUpdateParticipantStatus, params, in.ParticipantIDs)
	if err != nil {
		fail(c, err)
		return
	}
	acceptBatch(c, b)
}
