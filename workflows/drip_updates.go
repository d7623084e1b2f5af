package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// canClaim accepts only the start update of the request that created the
// enrollment: any other start finds it already running.
func (d *drip) canClaim(in DripStartInput) error {
	if in.RequestID != "" && in.RequestID == d.in.StartRequestID && d.Status != domain.DripRemoved {
		return nil
	}
	status := d.Status
	if status == "" {
		status = domain.DripActive
	}
	return refusal(&domain.TransitionError{Entity: "drip enrollment", From: string(status), To: string(domain.DripActive),
		Reason: fmt.Sprintf("the drip campaign is already %s for this contact", status)})
}

func (d *drip) step(n int) (*DripStepProgress, error) {
	if n < 1 || n > len(d.Steps) {
		return nil, &domain.ValidationError{Fields: []domain.FieldError{{Field: "step", Message: fmt.Sprintf("must be from 1 to %d", len(d.Steps))}}}
	}
	return &d.Steps[n-1], nil
}

func (d *drip) canSkip(n int) error {
	st, err := d.step(n)
	if err != nil {
		return err
	}
	return domain.CanSkipStep(d.Status, st.Status)
}

func (d *drip) canRunAgain(n int) error {
	st, err := d.step(n)
	if err != nil {
		return err
	}
	return domain.CanRunStepAgain(d.Status, st.Status)
}

// endChange gives the turn back after a handler's change and wakes the
// main loop, which may now have something else to do.
func (d *drip) endChange() {
	d.turn.release()
	d.changed = true
}

func (d *drip) result() DripUpdateResult {
	st := d.DripState
	st.Steps = append([]DripStepProgress(nil), d.Steps...)
	return DripUpdateResult{State: st}
}

// start answers the start update once the enrollment is recorded.
func (d *drip) start(ctx workflow.Context, in DripStartInput) (DripUpdateResult, error) {
	if err := workflow.Await(ctx, func() bool { return d.Recorded || d.Status == domain.DripRemoved }); err != nil {
		return DripUpdateResult{}, err
	}
	return d.result(), nil
}

// change runs a validated update: it waits for its turn, checks again (an
// earlier change may have landed meanwhile), then applies it.
func (d *drip) change(ctx workflow.Context, check func() error, apply func(ctx workflow.Context) error) (DripUpdateResult, error) {
	if err := d.turn.take(ctx, true); err != nil {
		return DripUpdateResult{}, err
	}
	defer d.endChange()
	if err := check(); err != nil {
		return DripUpdateResult{}, refusal(err)
	}
	if err := apply(ctx); err != nil {
		return DripUpdateResult{}, err
	}
	return d.result(), nil
}

func (d *drip) pause(ctx workflow.Context, in DripUpdateInput) (DripUpdateResult, error) {
	return d.change(ctx, func() error { return d.Status.CanMove(domain.DripPaused) },
		func(ctx workflow.Context) error { return d.setStatus(ctx, domain.DripPaused) })
}

// dripRunScheduledVersion marks runs in which the run update refuses a
// scheduled enrollment also in its handler's second check.
const dripRunScheduledVersion = "drip-run-scheduled-refused"

// canResume is the run update's check once it has the turn. Runs recorded
// while run was still accepted on a scheduled enrollment (it wrote the same
// status again) replay that way.
func (d *drip) canResume(ctx workflow.Context) error {
	if d.Status == domain.DripScheduled &&
		workflow.GetVersion(ctx, dripRunScheduledVersion, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	return d.Status.CanResume()
}

func (d *drip) resume(ctx workflow.Context, in DripUpdateInput) (DripUpdateResult, error) {
	return d.change(ctx, func() error { return d.canResume(ctx) }, func(ctx workflow.Context) error {
		to := domain.DripActive
		if workflow.Now(ctx).Before(d.in.StartAt) {
			to = domain.DripScheduled
		}
		return d.setStatus(ctx, to)
	})
}

func (d *drip) remove(ctx workflow.Context, in DripUpdateInput) (DripUpdateResult, error) {
	return d.change(ctx, func() error { return d.Status.CanMove(domain.DripRemoved) },
		func(ctx workflow.Context) error { return d.setStatus(ctx, domain.DripRemoved) })
}

func (d *drip) skip(ctx workflow.Context, in DripStepInput) (DripUpdateResult, error) {
	return d.change(ctx, func() error { return d.canSkip(in.Step) }, func(ctx workflow.Context) error {
		var a *activities.Activities
		err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, dripActivity), a.SkipDripStep, activities.DripSkipInput{
			CampaignID: d.in.CampaignID, ContactID: d.in.ContactID, Enrollment: d.in.Enrollment, Step: in.Step,
		}).Get(ctx, nil)
		if err == nil {
			d.Steps[in.Step-1].Status = domain.StepSkipped
		}
		return err
	})
}

func (d *drip) runAgain(ctx workflow.Context, in DripStepInput) (DripUpdateResult, error) {
	return d.change(ctx, func() error { return d.canRunAgain(in.Step) },
		func(ctx workflow.Context) error { return d.runStep(ctx, in.Step-1) })
}
