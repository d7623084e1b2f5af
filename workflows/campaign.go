package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// CampaignInput starts (or continues) a campaign's workflow.
type CampaignInput struct {
	CampaignID string
	// Stage is the campaign's stage when the run starts (read from PostgreSQL
	// by the API, or carried over by continue-as-new).
	Stage domain.Stage
	// FanoutPending carries an unfinished bulk start over continue-as-new.
	FanoutPending bool
	// Restarted says the campaign was restarted after it completed, so its
	// participants' closed workflows may run again (carried over
	// continue-as-new).
	Restarted bool
}

// CampaignResult is what a finished campaign run returns.
type CampaignResult struct {
	Stage     domain.Stage
	Initiated int
}

// StageUpdateInput is the argument of the start, complete and cancel updates.
type StageUpdateInput struct {
	ActorID string
}

// StageUpdateResult is what a stage update returns once PostgreSQL holds it.
type StageUpdateResult struct {
	Stage domain.Stage
}

// CampaignState is the campaign workflow's whole serializable state, also
// returned by the state query.
type CampaignState struct {
	CampaignID    string
	Stage         domain.Stage
	FanoutPending bool
	Restarted     bool
	FanoutRuns    int
	Initiated     int
	Started       int
}

// idleLimit is how long a run that was started without becoming In Progress
// waits for its start update before it ends (a stray start does not linger).
const idleLimit = time.Minute

// CampaignWorkflow runs one campaign: its stage changes arrive as validated
// updates, and its bulk start pages through the participants in an activity.
func CampaignWorkflow(ctx workflow.Context, in CampaignInput) (CampaignResult, error) {
	c := &campaign{CampaignState: CampaignState{CampaignID: in.CampaignID, Stage: in.Stage, FanoutPending: in.FanoutPending,
		Restarted: in.Restarted}}
	if err := c.setup(ctx); err != nil {
		return CampaignResult{}, err
	}
	return c.run(ctx)
}

// stageUpdates names the update that moves a campaign to each stage.
var stageUpdates = []struct {
	name string
	to   domain.Stage
}{
	{UpdateCampaignStart, domain.StageInProgress},
	{UpdateCampaignComplete, domain.StageCompleted},
	{UpdateCampaignCancel, domain.StageCancelled},
}

type campaign struct {
	CampaignState
	cancelFanout workflow.CancelFunc
	// turn is held while a stage update writes to PostgreSQL: updates
	// validated at the same moment are applied one at a time.
	turn turn
}

var stageActivity = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Second,
	RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: 30 * time.Second},
}

var fanoutActivity = workflow.ActivityOptions{
	StartToCloseTimeout: 24 * time.Hour,
	HeartbeatTimeout:    15 * time.Second,
	// A cancelled bulk start is waited for, so that the campaign's end
	// reaches every participant workflow it started.
	WaitForCancellation: true,
	RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
}

func (c *campaign) setup(ctx workflow.Context) error {
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (CampaignState, error) { return c.CampaignState, nil }); err != nil {
		return err
	}
	for _, u := range stageUpdates {
		name, to := u.name, u.to
		err := workflow.SetUpdateHandlerWithOptions(ctx, name,
			func(ctx workflow.Context, in StageUpdateInput) (StageUpdateResult, error) { return c.moveTo(ctx, to) },
			workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, in StageUpdateInput) error {
				return refusal(c.Stage.CanMove(to))
			}})
		if err != nil {
			return err
		}
	}
	added := workflow.GetSignalChannel(ctx, SignalCampaignParticipantsAdded)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for added.Receive(ctx, nil) {
			if c.Stage == domain.StageInProgress {
				c.FanoutPending = true
			}
		}
	})
	return nil
}

// moveTo applies a validated stage change: PostgreSQL first, then the state.
func (c *campaign) moveTo(ctx workflow.Context, to domain.Stage) (StageUpdateResult, error) {
	if err := c.turn.take(ctx, true); err != nil {
		return StageUpdateResult{}, err
	}
	defer c.turn.release()
	if err := c.Stage.CanMove(to); err != nil { // re-checked: another update may have won meanwhile
		return StageUpdateResult{}, refusal(err)
	}
	var a *activities.Activities
	in := activities.SetStageInput{CampaignID: c.CampaignID, From: c.Stage, To: to}
	if err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, stageActivity), a.SetCampaignStage, in).Get(ctx, nil); err != nil {
		return StageUpdateResult{}, err
	}
	if c.Stage == domain.StageCompleted && to == domain.StageInProgress {
		c.Restarted = true
	}
	c.Stage = to
	if err := workflow.UpsertTypedSearchAttributes(ctx, CampaignStageKey.ValueSet(string(to))); err != nil {
		return StageUpdateResult{}, err
	}
	switch to {
	case domain.StageInProgress:
		c.FanoutPending = true
	default:
		if c.cancelFanout != nil {
			c.cancelFanout()
		}
	}
	return StageUpdateResult{Stage: to}, nil
}

func (c *campaign) run(ctx workflow.Context) (CampaignResult, error) {
	if c.Stage != domain.StageInProgress {
		ok, err := workflow.AwaitWithTimeout(ctx, idleLimit, func() bool { return c.Stage == domain.StageInProgress })
		if err != nil {
			return CampaignResult{}, err
		}
		if !ok {
			return c.finish(ctx)
		}
	}
	for c.Stage == domain.StageInProgress {
		if err := workflow.Await(ctx, func() bool {
			return c.FanoutPending || c.Stage != domain.StageInProgress || workflow.GetInfo(ctx).GetContinueAsNewSuggested()
		}); err != nil {
			return CampaignResult{}, err
		}
		if c.FanoutPending && c.Stage == domain.StageInProgress {
			c.FanoutPending = false
			if err := c.fanout(ctx); err != nil {
				return CampaignResult{}, err
			}
			continue
		}
		if c.Stage == domain.StageInProgress && workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
				return CampaignResult{}, err
			}
			return CampaignResult{}, workflow.NewContinueAsNewError(ctx, CampaignWorkflow,
				CampaignInput{CampaignID: c.CampaignID, Stage: c.Stage, FanoutPending: c.FanoutPending, Restarted: c.Restarted})
		}
	}
	var a *activities.Activities
	end := activities.EndParticipantsInput{CampaignID: c.CampaignID, Stage: c.Stage}
	if err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, fanoutActivity), a.EndParticipants, end).Get(ctx, nil); err != nil {
		return CampaignResult{}, err
	}
	res, err := c.finish(ctx)
	if err == nil && c.Stage == domain.StageInProgress {
		// Restarted while this run was ending: carry on in a fresh run.
		return res, workflow.NewContinueAsNewError(ctx, CampaignWorkflow,
			CampaignInput{CampaignID: c.CampaignID, Stage: c.Stage, FanoutPending: true, Restarted: true})
	}
	return res, err
}

// fanout runs the bulk start: one activity pages through the participants,
// initiates them, sends their emails and starts their workflows. A stage
// change to Completed or Cancelled cancels it.
func (c *campaign) fanout(ctx workflow.Context) error {
	fctx, cancel := workflow.WithCancel(workflow.WithActivityOptions(ctx, fanoutActivity))
	c.cancelFanout = cancel
	defer func() { c.cancelFanout = nil }()
	c.FanoutRuns++
	var a *activities.Activities
	var res activities.StartParticipantsResult
	err := workflow.ExecuteActivity(fctx, a.StartParticipants,
		activities.StartParticipantsInput{CampaignID: c.CampaignID, Restart: c.Restarted}).Get(ctx, &res)
	if temporal.IsCanceledError(err) && c.Stage != domain.StageInProgress {
		return nil
	}
	c.Initiated += res.Initiated
	c.Started += res.Started
	return err
}

func (c *campaign) finish(ctx workflow.Context) (CampaignResult, error) {
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return CampaignResult{}, err
	}
	return CampaignResult{Stage: c.Stage, Initiated: c.Initiated}, nil
}
