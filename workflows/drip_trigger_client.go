package workflows

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/errcodec"
)

// EnrollByTrigger has a contact's drip triggers evaluated in the background
// (DripTriggerWorkflow, drip-trigger/{contactID}): it starts the
// evaluation, or tells one under way to make one more pass. The run it
// returns answers the campaigns the passes started.
func (k DripClient) EnrollByTrigger(ctx context.Context, contactID string) (client.WorkflowRun, error) {
	id := domain.DripTriggerWorkflowID(contactID)
	return k.temporal.SignalWithStartWorkflow(ctx, id, SignalDripTriggerChanged, nil,
		client.StartWorkflowOptions{ID: id, TaskQueue: k.taskQueue,
			TypedSearchAttributes: temporal.NewSearchAttributes(ContactIDKey.ValueSet(contactID))},
		DripTriggerWorkflowName, DripTriggerInput{ContactID: contactID})
}

// EnrollByTriggerNow is EnrollByTrigger, then waits up to wait for the
// campaigns it started. When the wait ends first, the evaluation goes on
// and the error is the context's.
func (k DripClient) EnrollByTriggerNow(ctx context.Context, contactID string, wait time.Duration) ([]string, error) {
	run, err := k.EnrollByTrigger(ctx, contactID)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	var res DripTriggerResult
	if err := run.Get(ctx, &res); err != nil {
		return nil, err
	}
	return res.Started, nil
}

// EnrollTriggered starts a contact's enrollment in a drip campaign because
// its profile met the campaign's trigger (activities.DripEnroller): it waits
// for a previous enrollment's workflow to end, starts the new one with the
// campaign's steps as they are now, and returns once the enrollment is
// recorded, so the partner campaign list shows it when the trigger has
// answered. The start carries a request id made of the enrollment number,
// so a repeated call claims the same run. It reports false when the trigger
// reached a run that some other start had begun: that run only got (and
// ignored) the signal.
func (k DripClient) EnrollTriggered(ctx context.Context, camp domain.DripCampaign, contactID string, enrollment int, at time.Time) (bool, error) {
	if enrollment > 1 {
		if err := k.AwaitEnded(ctx, camp.ID, contactID, DripEndWait); err != nil {
			return false, err
		}
	}
	in := NewDripInput(camp, contactID, enrollment, domain.DripTriggered, at)
	in.StartRequestID = fmt.Sprintf("trigger/e%d", enrollment)
	if err := k.Trigger(ctx, in); err != nil {
		return false, err
	}
	var res DripUpdateResult
	err := k.update(ctx, domain.DripWorkflowID(camp.ID, contactID), UpdateDripStart, DripStartInput{RequestID: in.StartRequestID}, &res)
	var refused *domain.TransitionError
	switch {
	case errors.As(errcodec.Decode(err), &refused):
		return false, nil
	case NotRunning(err):
		return true, nil // started, and removed at once
	}
	return err == nil, err
}
