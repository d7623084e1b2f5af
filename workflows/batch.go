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

type batchRun struct {
	BatchInput
	processed int
}

func (b *batchRun) run(ctx workflow.Context) (BatchResult, error) {
	var a *activities.Activities
	for {
		var page activities.BatchPageResult
		err := workflow.ExecuteActivity(ctx, a.ProcessBatchPage,
			activities.BatchPageInput{BatchID: b.BatchID, AfterSeq: b.AfterSeq, Limit: b.PageSize}).Get(ctx, &page)
		if err != nil {
			reason := err.Error()
			var ae *temporal.ApplicationError
			if errors.As(err, &ae) {
				reason = ae.Message()
			}
			finish := activities.FinishBatchInput{BatchID: b.BatchID, Status: domain.BatchFailed, Reason: reason}
			if ferr := workflow.ExecuteActivity(ctx, a.FinishBatch, finish).Get(ctx, nil); ferr != nil {
				return BatchResult{}, ferr
			}
			return BatchResult{Status: domain.BatchFailed, Processed: b.processed}, nil
		}
		b.processed += page.Processed
		b.AfterSeq = page.LastSeq
		if page.Done {
			break
		}
		if workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			return BatchResult{}, workflow.NewContinueAsNewError(ctx, BatchWorkflow, b.BatchInput)
		}
	}
	finish := activities.FinishBatchInput{BatchID: b.BatchID, Status: domain.BatchCompleted}
	if err := workflow.ExecuteActivity(ctx, a.FinishBatch, finish).Get(ctx, nil); err != nil {
		return BatchResult{}, err
	}
	return BatchResult{Status: domain.BatchCompleted, Processed: b.processed}, nil
}
