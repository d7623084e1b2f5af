package workflows

import (
	"context"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
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
// for a previous enrollment's workflow to end, then starts the new one with
// the campaign's steps as they are now. A run that is still open only gets
// (and ignores) the trigger signal.
func (k DripClient) EnrollTriggered(ctx context.Context, camp domain.DripCampaign, contactID string, enrollment int, at time.Time) error {
	if enrollment > 1 {
		if err := k.AwaitEnded(ctx, camp.ID, contactID, DripEndWait); err != nil {
			return err
		}
	}
	return k.Trigger(ctx, NewDripInput(camp, contactID, enrollment, domain.DripTriggered, at))
}
