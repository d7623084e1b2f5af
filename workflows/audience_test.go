package workflows_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// A sweep runs the paging activity for its campaign and returns its result;
// a failed attempt is retried by the activity's retry policy.
func TestAudienceSweepWorkflow(t *testing.T) {
	env, acts := newEnv(t)
	calls := 0
	env.OnActivity(acts.SweepAudience, mock.Anything, activities.SweepAudienceInput{CampaignID: "c1"}).Return(
		func(ctx context.Context, in activities.SweepAudienceInput) (activities.SweepAudienceResult, error) {
			calls++
			if calls == 1 {
				return activities.SweepAudienceResult{}, errors.New("database restarting")
			}
			return activities.SweepAudienceResult{Eligible: true, Reasons: []string{}, Pages: 2, Enrolled: 7}, nil
		})
	env.ExecuteWorkflow(workflows.AudienceSweepWorkflow, workflows.AudienceSweepInput{CampaignID: "c1"})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var res workflows.AudienceSweepResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, 7, res.Enrolled)
	assert.True(t, res.Eligible)
	assert.Equal(t, 2, calls)
}
