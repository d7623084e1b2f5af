package workflows

import (
	"slices"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
)

// DripTriggerInput names the contact whose drip triggers to evaluate.
type DripTriggerInput struct {
	ContactID string
}

// DripTriggerResult lists the drip campaigns the workflow's passes enrolled
// the contact in, in the order they were found.
type DripTriggerResult struct {
	Started []string
}

// dripTriggerActivity leaves room for a start to wait for a removed
// enrollment's workflow to end (workflows.DripEndWait) and retries passing
// failures for as long as they last: a change of a contact is never lost.
var dripTriggerActivity = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Second,
	RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: 30 * time.Second},
}

// DripTriggerWorkflow enrolls a contact in every active drip campaign whose
// trigger criteria its profile meets (drip-trigger/{contactID}). Every
// create or change of the contact signals it (SignalWithStart); each pass
// reads the profile and the enrollments from PostgreSQL (MatchDripTriggers)
// and starts each enrollment found due (StartTriggeredDrip, which waits for
// a removed enrollment's workflow to end first). Changes that arrive while
// a pass runs coalesce into one more pass. It returns every campaign its
// passes started, and ends.
func DripTriggerWorkflow(ctx workflow.Context, in DripTriggerInput) (DripTriggerResult, error) {
	changed := workflow.GetSignalChannel(ctx, SignalDripTriggerChanged)
	ctx = workflow.WithActivityOptions(ctx, dripTriggerActivity)
	var a *activities.Activities
	res := DripTriggerResult{Started: []string{}}
	// The change that started the workflow (SignalWithStart) is the one the
	// first pass covers.
	for changed.ReceiveAsync(nil) {
	}
	for pass := true; pass; {
		var due []activities.DripTriggerMatch
		if err := workflow.ExecuteActivity(ctx, a.MatchDripTriggers, activities.DripTriggerInput(in)).Get(ctx, &due); err != nil {
			return res, err
		}
		starts := make([]workflow.Future, len(due))
		for i, m := range due {
			starts[i] = workflow.ExecuteActivity(ctx, a.StartTriggeredDrip, activities.TriggeredDripInput{
				ContactID: in.ContactID, CampaignID: m.CampaignID, Enrollment: m.Enrollment})
		}
		for i, f := range starts {
			var started bool
			if err := f.Get(ctx, &started); err != nil {
				// A refusal (the records are gone, say) ends this campaign's
				// start, not the others'.
				workflow.GetLogger(ctx).Warn("drip trigger did not start an enrollment", "campaign", due[i].CampaignID, "error", err)
				continue
			}
			if started && !slices.Contains(res.Started, due[i].CampaignID) {
				res.Started = append(res.Started, due[i].CampaignID)
			}
		}
		// Every change signalled during the pass is covered by one more.
		pass = false
		for changed.ReceiveAsync(nil) {
			pass = true
		}
	}
	return res, nil
}
