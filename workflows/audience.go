package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
)

// AudienceSweepInput names the campaign whose audience a sweep processes.
type AudienceSweepInput struct {
	CampaignID string
}

// AudienceSweepResult is what one sweep did (or why it did nothing).
type AudienceSweepResult struct {
	activities.SweepAudienceResult
}

var sweepActivity = workflow.ActivityOptions{
	StartToCloseTimeout: 6 * time.Hour,
	HeartbeatTimeout:    30 * time.Second,
	RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
}

// AudienceSweepWorkflow is one evaluation of a campaign's audience, started
// by the campaign's Temporal Schedule: an activity pages through the new
// matches, enrolls each once and runs their actions.
func AudienceSweepWorkflow(ctx workflow.Context, in AudienceSweepInput) (AudienceSweepResult, error) {
	s := &sweep{in: in}
	return s.run(ctx)
}

type sweep struct {
	in AudienceSweepInput
}

func (s *sweep) run(ctx workflow.Context) (AudienceSweepResult, error) {
	var a *activities.Activities
	var res AudienceSweepResult
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, sweepActivity), a.SweepAudience,
		activities.SweepAudienceInput(s.in)).Get(ctx, &res.SweepAudienceResult)
	return res, err
}
