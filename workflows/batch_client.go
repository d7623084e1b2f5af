package workflows

import (
	"context"

	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// BatchClient starts batch process workflows (batch/{id}).
type BatchClient struct{ clientBase }

// Start starts the workflow of a recorded batch process. Its id is the
// batch's, so starting it again reaches the same run.
func (k BatchClient) Start(ctx context.Context, batchID string) error {
	_, err := k.temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: domain.BatchWorkflowID(batchID), TaskQueue: k.taskQueue,
	}, BatchWorkflowName, BatchInput{BatchID: batchID})
	return err
}
