package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// AudienceSyncInput names the campaign whose audience schedule to keep in line.
type AudienceSyncInput struct {
	CampaignID string
}

var syncActivity = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Second,
	RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: 30 * time.Second},
}

// AudienceSyncWorkflow brings a campaign's audience Schedule in line with the
// campaign (audience/{id}/sync): every change that matters (a version status,
// a stage move, the settings, the audience) signals it, and each pass of its
// activity reads PostgreSQL and creates, pauses, resumes or re-times the
// schedule. Changes that arrive while a pass runs coalesce into one more
// pass, so a burst of changes costs two passes, not one each. It returns the
// schedule as its last pass left it, and ends.
func AudienceSyncWorkflow(ctx workflow.Context, in AudienceSyncInput) (domain.ScheduleState, error) {
	changed := workflow.GetSignalChannel(ctx, SignalAudienceSyncChanged)
	ctx = workflow.WithActivityOptions(ctx, syncActivity)
	var a *activities.Activities
	var st domain.ScheduleState
	for pass := true; pass; {
		if err := workflow.ExecuteActivity(ctx, a.SyncAudienceSchedule, activities.SyncScheduleInput(in)).Get(ctx, &st); err != nil {
			return st, err
		}
		// Every change signalled during the pass is covered by one more.
		pass = false
		for changed.ReceiveAsync(nil) {
			pass = true
		}
	}
	return st, nil
}
