package activities_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// keeper stands for the Temporal Schedule client: it records what it was
// asked to keep.
type keeper struct {
	mu    sync.Mutex
	wants []domain.ScheduleWant
}

func (k *keeper) Ensure(_ context.Context, want domain.ScheduleWant) (domain.ScheduleState, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.wants = append(k.wants, want)
	return domain.ScheduleState{ID: domain.AudienceScheduleID(want.CampaignID), Exists: true, Running: want.Running}, nil
}

// syncRun runs AudienceSyncWorkflow for a campaign in Temporal's test
// environment with the real sync activity on PostgreSQL.
func syncRun(t *testing.T, acts *activities.Activities, campaignID string) (domain.ScheduleState, error) {
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.AudienceSyncWorkflow, workflow.RegisterOptions{Name: workflows.AudienceSyncWorkflowName})
	env.RegisterActivity(acts)
	env.ExecuteWorkflow(workflows.AudienceSyncWorkflowName, workflows.AudienceSyncInput{CampaignID: campaignID})
	require.True(t, env.IsWorkflowCompleted())
	var st domain.ScheduleState
	if err := env.GetWorkflowError(); err != nil {
		return st, err
	}
	require.NoError(t, env.GetWorkflowResult(&st))
	return st, nil
}

// TestAudienceSyncOfADeletedCampaign: a sync asks for the schedule the
// campaign should have; once the campaign is deleted (which dropped its
// schedule) a sync still under way keeps nothing, is not retried and ends
// without error.
func TestAudienceSyncOfADeletedCampaign(t *testing.T) {
	st := storetest.New(t)
	k := &keeper{}
	acts := &activities.Activities{Store: st, Schedules: k}
	in := domain.CampaignInput{Name: "Renewal reminders", Priority: "B"}
	in.Normalize()
	id, err := st.CreateCampaignWithDefaults(t.Context(), "", in)
	require.NoError(t, err)

	sched, err := syncRun(t, acts, id)
	require.NoError(t, err)
	require.Len(t, k.wants, 1, "one pass for one change")
	assert.Equal(t, id, k.wants[0].CampaignID)
	assert.False(t, k.wants[0].Running, "a campaign in planning has its schedule paused")
	assert.True(t, sched.Exists)

	require.NoError(t, st.DeleteCampaign(t.Context(), id))
	sched, err = syncRun(t, acts, id)
	require.NoError(t, err, "a deleted campaign ends the sync cleanly")
	assert.Equal(t, domain.ScheduleState{ID: domain.AudienceScheduleID(id)}, sched, "no schedule is kept")
	assert.Len(t, k.wants, 1, "nothing was asked of Temporal for the deleted campaign")
}
