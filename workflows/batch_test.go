package workflows_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// batchLog records, in order, what the batch workflow's activities saw.
type batchLog struct {
	mu     sync.Mutex
	events []string
	pages  []activities.BatchPageInput
	finish chan struct{}
}

func (l *batchLog) add(e string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

// batchEnv runs BatchWorkflow with pages that end after pages pages (or
// fail at failAt), and a follower that returns only once the batch's end
// was recorded, as FollowBatch does.
func batchEnv(t *testing.T, pages, failAt int) (*testsuite.TestWorkflowEnvironment, *batchLog) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.BatchWorkflow, workflow.RegisterOptions{Name: workflows.BatchWorkflowName})
	env.RegisterActivity(&activities.Activities{})
	log := &batchLog{finish: make(chan struct{})}
	env.OnActivity("ProcessBatchPage", mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.BatchPageInput) (activities.BatchPageResult, error) {
			log.mu.Lock()
			log.pages = append(log.pages, in)
			n := len(log.pages)
			log.mu.Unlock()
			if n == failAt {
				return activities.BatchPageResult{}, temporal.NewNonRetryableApplicationError("campaign gone", "NotFound", nil)
			}
			log.add("page")
			if n > pages {
				return activities.BatchPageResult{LastSeq: pages * 100, Done: true}, nil
			}
			return activities.BatchPageResult{LastSeq: n * 100, Processed: 100}, nil
		})
	env.OnActivity("FinishBatch", mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.FinishBatchInput) error {
			log.add("finish " + string(in.Status))
			close(log.finish)
			return nil
		}).Once()
	env.OnActivity("FollowBatch", mock.Anything, mock.Anything).Return(
		func(ctx context.Context, in activities.FollowBatchInput) (int, error) {
			select {
			case <-log.finish:
			case <-time.After(10 * time.Second):
				return 0, errors.New("the batch's end was never recorded")
			}
			log.add("caught up")
			return 300, nil
		}).Once()
	t.Cleanup(func() { env.AssertExpectations(t) })
	return env, log
}

// TestBatchShowsDoneBeforeItsFollowerCatchesUp: the pages run with the
// follower beside them (each page told so), the batch's end is recorded as
// soon as the pages are done, and the workflow returns only once the
// follower has caught up.
func TestBatchShowsDoneBeforeItsFollowerCatchesUp(t *testing.T) {
	env, log := batchEnv(t, 3, 0)
	env.ExecuteWorkflow(workflows.BatchWorkflowName, workflows.BatchInput{BatchID: "b1"})
	require.NoError(t, env.GetWorkflowError())
	var res workflows.BatchResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, workflows.BatchResult{Status: domain.BatchCompleted, Processed: 300}, res)
	assert.Equal(t, []string{"page", "page", "page", "page", "finish completed", "caught up"}, log.events)
	for _, p := range log.pages {
		assert.True(t, p.Followed, "page after %d leaves the lagging part to the follower", p.AfterSeq)
	}
}

// TestFailedBatchStillWaitsForItsFollower: a page that fails ends the batch
// as failed, and the follower still catches up with the items done before.
func TestFailedBatchStillWaitsForItsFollower(t *testing.T) {
	env, log := batchEnv(t, 5, 2)
	env.ExecuteWorkflow(workflows.BatchWorkflowName, workflows.BatchInput{BatchID: "b1"})
	require.NoError(t, env.GetWorkflowError())
	var res workflows.BatchResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, domain.BatchFailed, res.Status)
	assert.Equal(t, []string{"page", "finish failed", "caught up"}, log.events)
}
