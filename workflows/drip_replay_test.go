package workflows_test

import (
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/workflows"
)

// TestDripReplay replays a history recorded from a real run (start, two
// steps, run again, pause, run, skip, remove; see api.TestDripHistory): a
// change to the workflow code that breaks running enrollments fails here.
func TestDripReplay(t *testing.T) {
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflowWithOptions(workflows.DripWorkflow, workflow.RegisterOptions{Name: workflows.DripWorkflowName})
	logger := tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, r.ReplayWorkflowHistoryFromJSONFile(logger, "testdata/drip_history.json"))
}
