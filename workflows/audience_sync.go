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

// syncCoversItsStartVersion marks runs whose first pass covers the change
// that started them: the signal of the signal-with-start is there before
// the first pass and asked, in earlier runs, for a needless second one.
const syncCoversItsStartVersion = "audience-sync-covers-its-start"

// AudienceSyncWorkflow brings a campaign's audience Schedule in line with the
// campaign (audience/{id}/sync): every change that matters (a version status,
// a stage move, the settings, the audience) signals it, and each pass of its
// activity reads PostgreSQL and creates, pauses, resumes or re-times the
// schedule. The change that starts it is covered by its first pass; changes
// that arrive while a pass runs coalesce into one more pass, so a burst of
// changes costs two passes, not one each. It returns the schedule as its
// last pass left it, and ends (a deleted campaign's pass keeps nothing and
// succeeds, see activities.SyncAudienceSchedule).
func AudienceSyncWorkflow(ctx workflow.Context, in AudienceSyncInput) (domain.ScheduleState, error) {
	changed := workflow.GetSignalChannel(ctx, SignalAudienceSyncChanged)
	// drain takes every change signalled so far; the next pass covers them.
	drain := func() bool {
		any := false
		for changed.ReceiveAsync(nil) {
			any = true
		}
		return any
	}
	if workflow.GetVersion(ctx, syncCoversItsStartVersion, workflow.DefaultVersion, 1) > workflow.DefaultVersion {
		drain()
	}
	ctx = workflow.WithActivityOptions(ctx, syncActivity)
	var a *activities.Activities
	var st domain.ScheduleState
	for pass := true; pass; pass = drain() {
		if err := workflow.ExecuteActivity(ctx, a.SyncAudienceSchedule, activities.SyncScheduleInput(in)).Get(ctx, &st); err != nil {
			return st, err
		}
	}
	return st, nil
}
