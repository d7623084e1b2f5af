package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// ParticipantInput starts (or continues) one participant's workflow.
type ParticipantInput struct {
	CampaignID    string
	ParticipantID string
	ContactID     string
	OwnerID       string
	Status        string
	Transitions   int
	StatusSince   time.Time
	// Workflow is the campaign's definition when the participant started: a
	// running participant keeps it even if the campaign's changes later.
	Workflow domain.WorkflowDef
	// TimerDelays carries, over continue-as-new, that the run began before
	// delayedOutboxVersion: its delayed emails wait on its own timers.
	TimerDelays bool `json:",omitempty"`
}

// ParticipantResult is what a finished participant run returns.
type ParticipantResult struct {
	Status      string
	Transitions int
	Ended       string
}

// StatusUpdateInput asks for a participant status change.
type StatusUpdateInput struct {
	Status  string
	ActorID string
}

// StatusUpdateResult is the participant once PostgreSQL holds the change.
type StatusUpdateResult struct {
	Status      string
	Transitions int
	StatusSince time.Time
}

// OwnerUpdateInput asks for a new participant owner.
type OwnerUpdateInput struct {
	OwnerID string
	ActorID string
}

// OwnerUpdateResult is the participant's owner once PostgreSQL holds it.
type OwnerUpdateResult struct {
	OwnerID string
}

// StatusAppliedInput tells a participant's workflow about a status change
// that a bulk operation (a batch status update) already recorded with its
// actions, so that the workflow stays the owner of the participant's state.
type StatusAppliedInput struct {
	Status      string
	Transitions int
	StatusSince time.Time
}

// CampaignEndedInput tells a participant's workflow that its campaign ended.
type CampaignEndedInput struct {
	Stage domain.Stage
}

// RemovedInput tells a participant's workflow that the participant was
// removed from its campaign.
type RemovedInput struct {
	ActorID string
}

// ParticipantStart returns the workflow id, input and search attributes with
// which a participant's workflow starts in its current state.
func ParticipantStart(c domain.Campaign, p domain.Participant) (string, ParticipantInput, temporal.SearchAttributes) {
	in := ParticipantInput{CampaignID: c.ID, ParticipantID: p.ID, ContactID: p.ContactID, OwnerID: p.OwnerID,
		Status: p.Status, Transitions: p.Transitions, StatusSince: p.StatusSince, Workflow: c.Workflow}
	sa := temporal.NewSearchAttributes(
		CampaignIDKey.ValueSet(c.ID),
		CampaignStageKey.ValueSet(string(c.Stage)),
		ParticipantStatusKey.ValueSet(p.Status),
		ContactIDKey.ValueSet(p.ContactID),
	)
	return domain.ParticipantWorkflowID(c.ID, p.ID), in, sa
}

// ParticipantState is the participant workflow's serializable state, also
// returned by the state query.
type ParticipantState struct {
	ParticipantInput
	PendingDelayed int
	Ended          string
}

// ParticipantWorkflow runs one campaign participant from its initiation until
// it reaches a final status or the campaign ends. Status changes arrive as
// validated updates; delayed emails wait in the outbox (see armDelayed).
func ParticipantWorkflow(ctx workflow.Context, in ParticipantInput) (ParticipantResult, error) {
	p := &participant{ParticipantState: ParticipantState{ParticipantInput: in}}
	if err := p.setup(ctx); err != nil {
		return ParticipantResult{}, err
	}
	return p.run(ctx)
}

type participant struct {
	ParticipantState
	turn         turn
	cancelTimers workflow.CancelFunc
}

var participantActivity = workflow.ActivityOptions{
	StartToCloseTimeout: time.Minute,
	RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
}

// localStatusWriteVersion marks runs whose status write
// (ApplyParticipantStatus, one PostgreSQL transaction) is a local activity:
// it runs in the workflow task that accepted the change, so a change costs
// one workflow task and no activity task, instead of two round trips to
// the server. Emails still go in an activity of their own (SMTP may be
// slow). Runs recorded before keep their activity on replay.
const localStatusWriteVersion = "status-write-local"

var statusWriteOptions = workflow.LocalActivityOptions{
	StartToCloseTimeout:    30 * time.Second,
	ScheduleToCloseTimeout: 5 * time.Minute,
	RetryPolicy:            &temporal.RetryPolicy{MaximumInterval: 10 * time.Second},
}

func (p *participant) setup(ctx workflow.Context) error {
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (ParticipantState, error) { return p.ParticipantState, nil }); err != nil {
		return err
	}
	err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateParticipantStatus, p.setStatus,
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, in StatusUpdateInput) error {
			return p.validate(in.Status)
		}})
	if err != nil {
		return err
	}
	err = workflow.SetUpdateHandlerWithOptions(ctx, UpdateParticipantOwner, p.setOwner,
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, in OwnerUpdateInput) error {
			return p.validateOwner(in.OwnerID)
		}})
	if err != nil {
		return err
	}
	workflow.Go(ctx, func(ctx workflow.Context) {
		var in CampaignEndedInput
		workflow.GetSignalChannel(ctx, SignalParticipantCampaignEnded).Receive(ctx, &in)
		p.Ended = "campaign ended"
		if in.Stage != "" {
			p.Ended = "the campaign is " + string(in.Stage)
			if err := workflow.UpsertTypedSearchAttributes(ctx, CampaignStageKey.ValueSet(string(in.Stage))); err != nil {
				workflow.GetLogger(ctx).Error("search attributes", "error", err)
			}
		}
	})
	workflow.Go(ctx, func(ctx workflow.Context) {
		workflow.GetSignalChannel(ctx, SignalParticipantRemoved).Receive(ctx, nil)
		p.Ended = "the participant was removed from the campaign"
	})
	workflow.Go(ctx, func(ctx workflow.Context) {
		ch := workflow.GetSignalChannel(ctx, SignalParticipantInitiated)
		for ch.Receive(ctx, nil) { // a run the bulk start began with SignalWithStart (older histories): nothing to do
		}
	})
	workflow.Go(ctx, func(ctx workflow.Context) {
		ch := workflow.GetSignalChannel(ctx, SignalParticipantStatusApplied)
		for {
			var in StatusAppliedInput
			ch.Receive(ctx, &in)
			if err := p.turn.take(ctx, true); err != nil {
				return
			}
			p.adopt(ctx, in)
			p.turn.release()
		}
	})
	return nil
}

// adopt takes over a status change a bulk operation already recorded; an
// older or repeated one changes nothing.
func (p *participant) adopt(ctx workflow.Context, in StatusAppliedInput) {
	if in.Transitions <= p.Transitions || p.Ended != "" {
		return
	}
	p.Status, p.Transitions, p.StatusSince = p.Workflow.Canonical(in.Status), in.Transitions, in.StatusSince
	if err := workflow.UpsertTypedSearchAttributes(ctx, ParticipantStatusKey.ValueSet(p.Status)); err != nil {
		workflow.GetLogger(ctx).Error("search attributes", "error", err)
	}
	p.armDelayed(ctx)
}

func (p *participant) validateOwner(ownerID string) error {
	if p.Ended != "" {
		return refusal(&domain.TransitionError{Entity: "participant owner", From: p.OwnerID, To: ownerID, Reason: p.Ended})
	}
	if !domain.IsUUID(ownerID) {
		return refusal(&domain.ValidationError{Fields: []domain.FieldError{{Field: "owner_id", Message: "must be a user id"}}})
	}
	return nil
}

// setOwner applies a validated owner change: PostgreSQL first, then the state.
func (p *participant) setOwner(ctx workflow.Context, in OwnerUpdateInput) (OwnerUpdateResult, error) {
	if err := p.turn.take(ctx, true); err != nil {
		return OwnerUpdateResult{}, err
	}
	defer p.turn.release()
	if err := p.validateOwner(in.OwnerID); err != nil {
		return OwnerUpdateResult{}, err
	}
	var a *activities.Activities
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, participantActivity), a.SetParticipantOwner,
		activities.SetOwnerInput{CampaignID: p.CampaignID, ParticipantID: p.ParticipantID, OwnerID: in.OwnerID}).Get(ctx, nil)
	if err != nil {
		return OwnerUpdateResult{}, err
	}
	p.OwnerID = in.OwnerID
	return OwnerUpdateResult{OwnerID: p.OwnerID}, nil
}

func (p *participant) validate(to string) error {
	if p.Ended != "" {
		return refusal(&domain.TransitionError{Entity: "participant", From: p.Status, To: to, Reason: p.Ended})
	}
	return refusal(p.Workflow.CanMove(p.Status, to))
}

// setStatus applies a validated status change: PostgreSQL and the new
// status's actions first, then the emails, then the state and timers.
func (p *participant) setStatus(ctx workflow.Context, in StatusUpdateInput) (StatusUpdateResult, error) {
	if err := p.turn.take(ctx, true); err != nil {
		return StatusUpdateResult{}, err
	}
	defer p.turn.release()
	if err := p.validate(in.Status); err != nil { // another change may have landed meanwhile
		return StatusUpdateResult{}, err
	}
	to, _ := p.Workflow.Status(in.Status)
	actx := workflow.WithActivityOptions(ctx, participantActivity)
	var a *activities.Activities
	var res activities.ApplyStatusResult
	apply := activities.ApplyStatusInput{
		CampaignID: p.CampaignID, ParticipantID: p.ParticipantID, From: p.Status, To: to.Name,
		Transition: p.Transitions + 1, Actions: to.Actions, ActorID: in.ActorID,
	}
	var write workflow.Future
	if workflow.GetVersion(ctx, localStatusWriteVersion, workflow.DefaultVersion, 1) > workflow.DefaultVersion {
		write = workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(ctx, statusWriteOptions), a.ApplyParticipantStatus, apply)
	} else {
		write = workflow.ExecuteActivity(actx, a.ApplyParticipantStatus, apply)
	}
	if err := write.Get(ctx, &res); err != nil {
		return StatusUpdateResult{}, err
	}
	if len(res.EmailKeys) > 0 {
		if err := workflow.ExecuteActivity(actx, a.SendEmails, activities.SendEmailsInput{Keys: res.EmailKeys}).Get(ctx, nil); err != nil {
			return StatusUpdateResult{}, err
		}
	}
	p.Status, p.Transitions, p.StatusSince = to.Name, p.Transitions+1, res.StatusSince
	if err := workflow.UpsertTypedSearchAttributes(ctx, ParticipantStatusKey.ValueSet(p.Status)); err != nil {
		return StatusUpdateResult{}, err
	}
	p.armDelayed(ctx)
	return StatusUpdateResult{Status: p.Status, Transitions: p.Transitions, StatusSince: p.StatusSince}, nil
}

// delayedOutboxVersion marks runs whose delayed emails are outbox rows due
// later, written with the status change (ApplyParticipantStatus, the bulk
// start, batch updates), sent by the outbox sender when they fall due and
// cancelled in the transaction that moves the participant on: such a run
// arms no timer. Runs recorded before keep their timers on replay.
const delayedOutboxVersion = "delayed-email-outbox"

// armDelayed starts a durable timer for each delayed email of the current
// status, cancelling those of the status the participant left (runs before
// delayedOutboxVersion only).
func (p *participant) armDelayed(ctx workflow.Context) {
	if p.cancelTimers != nil {
		p.cancelTimers()
	}
	if !p.TimerDelays && workflow.GetVersion(ctx, delayedOutboxVersion, workflow.DefaultVersion, 1) > workflow.DefaultVersion {
		return
	}
	p.TimerDelays = true
	tctx, cancel := workflow.WithCancel(ctx)
	p.cancelTimers = cancel
	st, _ := p.Workflow.Status(p.Status)
	for i, act := range st.Actions {
		if act.Kind != domain.ActionEmail || act.DelaySeconds <= 0 {
			continue
		}
		in := activities.DelayedEmailInput{CampaignID: p.CampaignID, ParticipantID: p.ParticipantID,
			Transition: p.Transitions, Index: i, Action: act}
		wait := p.StatusSince.Add(time.Duration(act.DelaySeconds) * time.Second).Sub(workflow.Now(ctx))
		p.PendingDelayed++
		workflow.Go(tctx, func(ctx workflow.Context) {
			defer func() { p.PendingDelayed-- }()
			if wait > 0 && workflow.NewTimer(ctx, wait).Get(ctx, nil) != nil {
				return // cancelled: the participant moved on or the campaign ended
			}
			var a *activities.Activities
			actx := workflow.WithActivityOptions(ctx, participantActivity)
			if err := workflow.ExecuteActivity(actx, a.SendDelayedEmail, in).Get(ctx, nil); err != nil {
				workflow.GetLogger(ctx).Error("delayed email failed", "error", err)
			}
		})
	}
}

func (p *participant) run(ctx workflow.Context) (ParticipantResult, error) {
	p.armDelayed(ctx)
	done := func() bool {
		return p.Ended != "" || (p.Workflow.IsFinal(p.Status) && p.PendingDelayed == 0 && p.turn.free())
	}
	if err := workflow.Await(ctx, func() bool { return done() || workflow.GetInfo(ctx).GetContinueAsNewSuggested() }); err != nil {
		return ParticipantResult{}, err
	}
	if p.cancelTimers != nil && p.Ended != "" {
		p.cancelTimers()
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) && p.turn.free() }); err != nil {
		return ParticipantResult{}, err
	}
	if !done() {
		return ParticipantResult{}, workflow.NewContinueAsNewError(ctx, ParticipantWorkflow, p.ParticipantInput)
	}
	return ParticipantResult{Status: p.Status, Transitions: p.Transitions, Ended: p.Ended}, nil
}
