package workflows

import (
	"context"
	"sync"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// ParticipantClient reaches participant workflows
// (campaign/{campaignID}/participant/{participantID}).
type ParticipantClient struct{ clientBase }

// startOptions are a participant workflow's start options and input in the
// participant's current state. reuse says whether a closed run of the same
// id may be followed by a new one: only when the caller knows the
// participant should run again (a restart of a completed campaign); the
// bulk start, which may reach a participant after its own workflow already
// took it to a final status, never revives it.
func (k ParticipantClient) startOptions(c domain.Campaign, p domain.Participant, reuse bool) (client.StartWorkflowOptions, ParticipantInput) {
	id, in, sa := ParticipantStart(c, p)
	policy := enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE
	if reuse {
		policy = enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE
	}
	return client.StartWorkflowOptions{ID: id, TaskQueue: k.taskQueue, TypedSearchAttributes: sa,
		WorkflowIDReusePolicy: policy}, in
}

// SetStatus asks the participant's running workflow to move it to status;
// its validator decides. ErrNoWorkflow comes back when no run is open.
func (k ParticipantClient) SetStatus(ctx context.Context, campaignID, participantID string, in StatusUpdateInput) (StatusUpdateResult, error) {
	var res StatusUpdateResult
	return res, k.updateRunning(ctx, domain.ParticipantWorkflowID(campaignID, participantID), UpdateParticipantStatus, in, &res)
}

// SetOwner asks the participant's running workflow for a new owner.
// ErrNoWorkflow comes back when no run is open.
func (k ParticipantClient) SetOwner(ctx context.Context, campaignID, participantID string, in OwnerUpdateInput) (OwnerUpdateResult, error) {
	var res OwnerUpdateResult
	return res, k.updateRunning(ctx, domain.ParticipantWorkflowID(campaignID, participantID), UpdateParticipantOwner, in, &res)
}

// StartAndSetStatus starts the participant's workflow in its current state
// (it should run but does not yet: the bulk start has not reached it, or a
// restart has not restarted it) and moves it, in one update-with-start.
func (k ParticipantClient) StartAndSetStatus(ctx context.Context, c domain.Campaign, p domain.Participant, in StatusUpdateInput) (StatusUpdateResult, error) {
	var res StatusUpdateResult
	return res, k.updateWithStart(ctx, c, p, UpdateParticipantStatus, in, &res)
}

// StartAndSetOwner is StartAndSetStatus for an owner change.
func (k ParticipantClient) StartAndSetOwner(ctx context.Context, c domain.Campaign, p domain.Participant, in OwnerUpdateInput) (OwnerUpdateResult, error) {
	var res OwnerUpdateResult
	return res, k.updateWithStart(ctx, c, p, UpdateParticipantOwner, in, &res)
}

func (k ParticipantClient) updateRunning(ctx context.Context, id, name string, arg, out any) error {
	err := k.update(ctx, id, name, arg, out)
	if NotRunning(err) {
		return ErrNoWorkflow
	}
	return err
}

func (k ParticipantClient) updateWithStart(ctx context.Context, c domain.Campaign, p domain.Participant, name string, arg, out any) error {
	opts, in := k.startOptions(c, p, true)
	opts.WorkflowIDConflictPolicy = enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
	handle, err := k.temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: k.temporal.NewWithStartWorkflowOperation(opts, ParticipantWorkflowName, in),
		UpdateOptions: client.UpdateWorkflowOptions{
			WorkflowID: opts.ID, UpdateName: name, Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	if err != nil {
		return err
	}
	return handle.Get(ctx, out)
}

// Start starts each participant's workflow already in its current status.
// A running workflow is left as it is (conflict policy USE_EXISTING), so a
// repeated call starts nothing twice and adds nothing to its history; a
// closed one is left closed unless restart says the campaign was restarted
// (see startOptions). Workflows started before this (their first events a
// SignalWithStart of SignalParticipantInitiated) replay as before. Eager
// start is not asked for: it would hand every first task to the worker
// that runs the bulk start, and sticky execution would keep the workflows
// there, where the task queue spreads them over every worker.
func (k ParticipantClient) Start(ctx context.Context, c domain.Campaign, ps []domain.Participant, restart bool) error {
	return each(ctx, len(ps), func(ctx context.Context, i int) error {
		opts, in := k.startOptions(c, ps[i], restart)
		opts.WorkflowIDConflictPolicy = enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
		// An id whose closed run may not be followed (REJECT_DUPLICATE) is
		// answered with that run, not an error (the SDK's default).
		_, err := k.temporal.ExecuteWorkflow(ctx, opts, ParticipantWorkflowName, in)
		return ignoreClosed(err)
	})
}

// Sync tells each participant's workflow about a status change a bulk
// operation already recorded; a running workflow adopts it, one that should
// run but does not starts in it. A closed run stays closed: a participant in
// a final status moves no more.
func (k ParticipantClient) Sync(ctx context.Context, c domain.Campaign, ps []domain.Participant) error {
	return each(ctx, len(ps), func(ctx context.Context, i int) error {
		p := ps[i]
		opts, in := k.startOptions(c, p, false)
		sig := StatusAppliedInput{Status: p.Status, Transitions: p.Transitions, StatusSince: p.StatusSince}
		_, err := k.temporal.SignalWithStartWorkflow(ctx, opts.ID, SignalParticipantStatusApplied, sig, opts, ParticipantWorkflowName, in)
		return ignoreClosed(err)
	})
}

// End tells each participant's workflow that the campaign ended in stage.
func (k ParticipantClient) End(ctx context.Context, campaignID string, stage domain.Stage, ids []string) error {
	return each(ctx, len(ids), func(ctx context.Context, i int) error {
		return k.signal(ctx, domain.ParticipantWorkflowID(campaignID, ids[i]), SignalParticipantCampaignEnded, CampaignEndedInput{Stage: stage})
	})
}

// Remove tells each removed participant's workflow to end.
func (k ParticipantClient) Remove(ctx context.Context, campaignID, actorID string, ids []string) error {
	return each(ctx, len(ids), func(ctx context.Context, i int) error {
		return k.signal(ctx, domain.ParticipantWorkflowID(campaignID, ids[i]), SignalParticipantRemoved, RemovedInput{ActorID: actorID})
	})
}

// ParticipantEndWait bounds how long a caller waits for a participant's
// workflow to close once told to end (it ends as soon as the change it may
// be applying is written).
const ParticipantEndWait = 10 * time.Second

// AwaitEnded waits, up to wait, until the participant's workflow has
// closed (at once when it never ran), so that it writes nothing more.
func (k ParticipantClient) AwaitEnded(ctx context.Context, campaignID, participantID string, wait time.Duration) error {
	if !k.awaitClosed(ctx, domain.ParticipantWorkflowID(campaignID, participantID), wait) {
		return &domain.ConflictError{Reason: "the participant's workflow is still ending; try again in a moment"}
	}
	return nil
}

// State queries a participant workflow's state.
func (k ParticipantClient) State(ctx context.Context, campaignID, participantID string) (ParticipantState, error) {
	var st ParticipantState
	return st, k.query(ctx, domain.ParticipantWorkflowID(campaignID, participantID), &st)
}

// ignoreClosed treats "a closed run of this id exists and may not be
// followed" as done: that participant's workflow already ran its course.
func ignoreClosed(err error) error {
	if isAlreadyStarted(err) {
		return nil
	}
	return err
}

// startParallel bounds concurrent calls of one fan-out.
const startParallel = 8

// each runs fn for 0..n-1 with bounded parallelism and returns the first error.
func each(ctx context.Context, n int, fn func(context.Context, int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	sem := make(chan struct{}, startParallel)
	for i := 0; i < n && ctx.Err() == nil; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			if err := fn(ctx, i); err != nil {
				once.Do(func() { first = err; cancel() })
			}
		}(i)
	}
	wg.Wait()
	return first
}
