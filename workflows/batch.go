package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// BatchInput starts (or continues) a batch process's workflow.
type BatchInput struct {
	BatchID  string
	AfterSeq int
	// PageSize is how many items one activity handles (0: 100).
	PageSize int
}

// BatchResult is what a finished batch process returns.
type BatchResult struct {
	Status    domain.BatchStatus
	Processed int
}

var batchActivity = workflow.ActivityOptions{
	StartToCloseTimeout: 10 * time.Minute,
	HeartbeatTimeout:    2 * time.Minute,
	RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
}

// BatchWorkflow runs one batch process (batch/{id}): page after page of its
// pending items goes through the batch type's handler in an activity, so the
// history stays small however many items there are, and a retry or a worker
// restart resumes after the last recorded page.
func BatchWorkflow(ctx workflow.Context, in BatchInput) (BatchResult, error) {
	b := &batchRun{BatchInput: in}
	return b.run(workflow.WithActivityOptions(ctx, batchActivity))
}

// followActivity runs a batch's follower (activities.FollowBatch) for as
// long as its pages take, heartbeating its cursor.
var followActivity = workflow.ActivityOptions{
	StartToCloseTimeout: 24 * time.Hour,
	HeartbeatTimeout:    time.Minute,
	RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
}

// versionBatchFollower marks the runs whose batch type's lagging part (see
// activities.BatchFollower) runs in a follower beside the pages.
const versionBatchFollower = "batch-follower"

type batchRun struct {
	BatchInput
	processed int
	// follower is the running FollowBatch activity, nil in runs recorded
	// before it.
	follower workflow.Future
}

func (b *batchRun) run(ctx workflow.Context) (BatchResult, error) {
	var a *activities.Activities
	if workflow.GetVersion(ctx, versionBatchFollower, workflow.DefaultVersion, 1) == 1 {
		b.follower = workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, followActivity), a.FollowBatch,
			activities.FollowBatchInput{BatchID: b.BatchID})
	}
	for {
		var page activities.BatchPageResult
		err := workflow.ExecuteActivity(ctx, a.ProcessBatchPage,
			activities.BatchPageInput{BatchID: b.BatchID, AfterSeq: b.AfterSeq, Limit: b.PageSize, Followed: b.follower != nil}).Get(ctx, &page)
		if err != nil {
			reason := err.Error()
			var ae *temporal.ApplicationError
			if errors.As(err, &ae) {
				reason = ae.Message()
			}
			return b.finish(ctx, domain.BatchFailed, reason)
		}
		b.processed += page.Processed
		b.AfterSeq = page.LastSeq
		if page.Done {
			break
		}
		// While a follower runs, the run goes on: the follower holds the
		// cursor of the lagging part, and a batch's history stays bounded
		// by its pages (six events each; the API takes at most 10,000
		// participants in one batch, 100 pages).
		if workflow.GetInfo(ctx).GetContinueAsNewSuggested() && (b.follower == nil || b.follower.IsReady()) {
			return BatchResult{}, workflow.NewContinueAsNewError(ctx, BatchWorkflow, b.BatchInput)
		}
	}
	return b.finish(ctx, domain.BatchCompleted, "")
}

// finish records the batch's end, once its pages are done, and then waits
// for its follower: the batch shows done as soon as its rows and messages
// are, and the follower, seeing it ended, catches up and returns.
func (b *batchRun) finish(ctx workflow.Context, status domain.BatchStatus, reason string) (BatchResult, error) {
	var a *activities.Activities
	finish := activities.FinishBatchInput{BatchID: b.BatchID, Status: status, Reason: reason}
	if err := workflow.ExecuteActivity(ctx, a.FinishBatch, finish).Get(ctx, nil); err != nil {
		return BatchResult{}, err
	}
	if b.follower != nil {
		if err := b.follower.Get(ctx, nil); err != nil {
			return BatchResult{}, err
		}
	}
	return BatchResult{Status: status, Processed: b.processed}, nil
}
