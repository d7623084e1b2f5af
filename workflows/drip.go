package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// DripStatusKey is the search attribute holding an enrollment's status.
var DripStatusKey = temporal.NewSearchAttributeKeyKeyword("DripStatus")

// dripStartWakesVersion marks runs whose enrollment goes on to its first
// step as soon as it turns active at its start date.
const dripStartWakesVersion = "drip-start-wakes"

// DripLinger is how long a finished enrollment's workflow stays open so that
// its steps can still be run again; then it ends.
const DripLinger = 30 * 24 * time.Hour

// DripInput starts (or continues) one contact's enrollment in a drip campaign.
type DripInput struct {
	CampaignID string
	ContactID  string
	// Enrollment numbers the contact's enrollments in the campaign from 1; it
	// is part of every step's idempotency key.
	Enrollment int
	Origin     domain.DripOrigin
	StartAt    time.Time
	// Steps are the campaign's steps when the enrollment began: a running
	// enrollment keeps them even if the campaign's definition changes.
	Steps []domain.DripStep
	// StartRequestID names the start request whose update created the
	// enrollment; any other start update is refused.
	StartRequestID string
	// State carries a running enrollment over continue-as-new (nil when new).
	State *DripState
}

// DripStepProgress is the workflow's view of one step.
type DripStepProgress struct {
	Status domain.StepStatus
	DueAt  time.Time
	DoneAt time.Time
	Runs   int
}

// DripState is the drip workflow's whole serializable state, also returned
// by the state query.
type DripState struct {
	Status     domain.DripStatus
	Recorded   bool
	Steps      []DripStepProgress
	FinishedAt time.Time
}

// DripResult is what a finished enrollment returns.
type DripResult struct {
	Status    domain.DripStatus
	StepsDone int
}

// DripStartInput is the argument of the start update sent with the workflow's start.
type DripStartInput struct {
	RequestID string
	ActorID   string
}

// DripUpdateInput is the argument of the pause, run and remove updates.
type DripUpdateInput struct {
	ActorID string
}

// DripStepInput names a step (1-based) for the skip and run-again updates.
type DripStepInput struct {
	Step    int
	ActorID string
}

// DripUpdateResult is the enrollment once PostgreSQL holds the change.
type DripUpdateResult struct {
	State DripState
}

// DripWorkflow runs one contact's enrollment in a drip campaign: it waits for
// the start date, then for each step's due time on a durable timer, and runs
// the step through an activity. Pause, run, remove, skip and run-again arrive
// as validated updates.
func DripWorkflow(ctx workflow.Context, in DripInput) (DripResult, error) {
	d := &drip{in: in}
	if in.State != nil {
		d.DripState = *in.State
	}
	d.in.State = nil
	if !d.Recorded {
		d.turn.hold() // nothing may change before the enrollment is recorded
	}
	if err := d.setup(ctx); err != nil {
		return DripResult{}, err
	}
	return d.run(ctx)
}

type drip struct {
	DripState
	in      DripInput
	turn    turn // held while an activity of the enrollment is under way
	changed bool // set by every change, wakes the main loop
}

var dripActivity = workflow.ActivityOptions{
	StartToCloseTimeout: time.Minute,
	RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
}

func (d *drip) setup(ctx workflow.Context) error {
	for _, name := range []string{QueryState, legacyDripNames[QueryState]} {
		if err := workflow.SetQueryHandler(ctx, name, func() (DripState, error) { return d.DripState, nil }); err != nil {
			return err
		}
	}
	handlers := []struct {
		name      string
		handler   any
		validator any
	}{
		{UpdateDripStart, d.start, func(ctx workflow.Context, in DripStartInput) error { return d.canClaim(in) }},
		{UpdateDripPause, d.pause, func(ctx workflow.Context, in DripUpdateInput) error {
			return refusal(d.Status.CanMove(domain.DripPaused))
		}},
		{UpdateDripRun, d.resume, func(ctx workflow.Context, in DripUpdateInput) error { return refusal(d.Status.CanResume()) }},
		{UpdateDripRemove, d.remove, func(ctx workflow.Context, in DripUpdateInput) error {
			return refusal(d.Status.CanMove(domain.DripRemoved))
		}},
		{UpdateDripSkip, d.skip, func(ctx workflow.Context, in DripStepInput) error { return refusal(d.canSkip(in.Step)) }},
		{UpdateDripRunAgain, d.runAgain, func(ctx workflow.Context, in DripStepInput) error { return refusal(d.canRunAgain(in.Step)) }},
	}
	for _, h := range handlers {
		for _, name := range []string{h.name, legacyDripNames[h.name]} {
			if err := workflow.SetUpdateHandlerWithOptions(ctx, name, h.handler, workflow.UpdateHandlerOptions{Validator: h.validator}); err != nil {
				return err
			}
		}
	}
	for _, name := range []string{SignalDripTrigger, legacyDripNames[SignalDripTrigger]} {
		triggers := workflow.GetSignalChannel(ctx, name)
		workflow.Go(ctx, func(ctx workflow.Context) {
			// A trigger that finds the enrollment running is ignored: a contact
			// is enrolled once while its enrollment is active.
			for triggers.Receive(ctx, nil) {
			}
		})
	}
	return nil
}

// setStatus writes a status change to PostgreSQL, then applies it.
func (d *drip) setStatus(ctx workflow.Context, to domain.DripStatus) error {
	now := workflow.Now(ctx)
	var a *activities.Activities
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, dripActivity), a.SetDripStatus, activities.DripStatusInput{
		CampaignID: d.in.CampaignID, ContactID: d.in.ContactID, Enrollment: d.in.Enrollment, Status: to, At: now,
	}).Get(ctx, nil)
	if err != nil {
		return err
	}
	d.Status = to
	switch to {
	case domain.DripFinished:
		d.FinishedAt = now
	case domain.DripRemoved:
		for i := range d.Steps {
			d.Steps[i] = DripStepProgress{Status: domain.StepPending}
		}
	}
	return workflow.UpsertTypedSearchAttributes(ctx, DripStatusKey.ValueSet(string(to)))
}

// runStep runs step i once more (its first run, or a run again) through the
// keyed activity, then records it as done.
func (d *drip) runStep(ctx workflow.Context, i int) error {
	st := &d.Steps[i]
	var a *activities.Activities
	var res activities.RunDripStepResult
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, dripActivity), a.RunDripStep, activities.RunDripStepInput{
		CampaignID: d.in.CampaignID, ContactID: d.in.ContactID, Enrollment: d.in.Enrollment,
		Step: i + 1, Run: st.Runs + 1, Def: d.in.Steps[i], At: workflow.Now(ctx),
	}).Get(ctx, &res)
	if err != nil {
		return err
	}
	st.Runs++
	st.Status = domain.StepDone
	if st.DoneAt.IsZero() {
		st.DoneAt = res.DoneAt
	}
	return nil
}

// record writes the new enrollment and its schedule to PostgreSQL.
func (d *drip) record(ctx workflow.Context) error {
	now := workflow.Now(ctx)
	d.Status = domain.DripActive
	if now.Before(d.in.StartAt) {
		d.Status = domain.DripScheduled
	}
	due := domain.DripSchedule(d.in.StartAt, d.in.Steps)
	d.Steps = make([]DripStepProgress, len(due))
	for i, at := range due {
		d.Steps[i] = DripStepProgress{Status: domain.StepPending, DueAt: at}
	}
	var a *activities.Activities
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, dripActivity), a.RecordDripEnrollment, activities.DripEnrollmentInput{
		CampaignID: d.in.CampaignID, ContactID: d.in.ContactID, Enrollment: d.in.Enrollment, Origin: d.in.Origin,
		Status: d.Status, StartAt: d.in.StartAt, Steps: d.in.Steps, DueAt: due,
	}).Get(ctx, nil)
	if err != nil {
		return err
	}
	d.Recorded = true
	d.turn.release()
	return workflow.UpsertTypedSearchAttributes(ctx, DripStatusKey.ValueSet(string(d.Status)))
}

// wait blocks until a change, continue-as-new is suggested, or (for a
// positive duration) its timer fires. A change cancels the timer, so a
// paused enrollment has no timer at all.
func (d *drip) wait(ctx workflow.Context, dur time.Duration) error {
	d.changed = false
	cond := func() bool { return d.changed || workflow.GetInfo(ctx).GetContinueAsNewSuggested() }
	if dur <= 0 {
		return workflow.Await(ctx, cond)
	}
	tctx, cancel := workflow.WithCancel(ctx)
	timer := workflow.NewTimer(tctx, dur)
	err := workflow.Await(ctx, func() bool { return cond() || timer.IsReady() })
	if !timer.IsReady() {
		cancel() // a pending timer never outlives the wait that set it
	}
	return err
}

func (d *drip) nextPending() int {
	for i, st := range d.Steps {
		if st.Status == domain.StepPending {
			return i
		}
	}
	return -1
}

// advance does the next thing the enrollment's status calls for, holding the
// turn while it does. It reports false when the enrollment is over.
func (d *drip) advance(ctx workflow.Context) (bool, error) {
	if err := d.turn.take(ctx, false); err != nil {
		return false, err
	}
	now := workflow.Now(ctx)
	var wait time.Duration
	var err error
	switch d.Status {
	case domain.DripRemoved:
		d.turn.release()
		return false, nil
	case domain.DripScheduled:
		if wait = d.in.StartAt.Sub(now); wait <= 0 {
			err = d.setStatus(ctx, domain.DripActive)
			// The start's timer fires a little after the start date, so wait
			// is below zero here, which once meant "wait for a change" and
			// left the enrollment active with no timer. Runs recorded before
			// the fix keep that behaviour on replay (pause then run wakes them).
			if workflow.GetVersion(ctx, dripStartWakesVersion, workflow.DefaultVersion, 1) > workflow.DefaultVersion {
				wait = 0
			}
		}
	case domain.DripActive:
		switch i := d.nextPending(); {
		case i < 0:
			err = d.setStatus(ctx, domain.DripFinished)
		case !now.Before(d.Steps[i].DueAt):
			err = d.runStep(ctx, i)
		default:
			wait = d.Steps[i].DueAt.Sub(now)
		}
	case domain.DripPaused:
		wait = -1 // no timer: only a change wakes a paused enrollment
	case domain.DripFinished:
		if wait = d.FinishedAt.Add(DripLinger).Sub(now); wait <= 0 {
			d.turn.release()
			return false, nil
		}
	}
	d.turn.release()
	if err != nil || wait == 0 {
		return err == nil, err
	}
	return true, d.wait(ctx, wait)
}

func (d *drip) run(ctx workflow.Context) (DripResult, error) {
	if !d.Recorded {
		if err := d.record(ctx); err != nil {
			return DripResult{}, err
		}
	}
	for {
		if workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) && d.turn.free() }); err != nil {
				return DripResult{}, err
			}
			next := d.in
			state := d.DripState
			next.State = &state
			return DripResult{}, workflow.NewContinueAsNewError(ctx, DripWorkflow, next)
		}
		more, err := d.advance(ctx)
		var ae *temporal.ApplicationError
		if errors.As(err, &ae) && ae.Type() == domain.ErrTypeNotFound {
			// The contact or the campaign was deleted: nothing is left to drip on.
			workflow.GetLogger(ctx).Warn("drip enrollment ends: its records are gone", "error", err)
			break
		}
		if err != nil {
			return DripResult{}, err
		}
		if !more {
			break
		}
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) && d.turn.free() }); err != nil {
		return DripResult{}, err
	}
	done := 0
	for _, st := range d.Steps {
		if st.Status == domain.StepDone {
			done++
		}
	}
	return DripResult{Status: d.Status, StepsDone: done}, nil
}
