package workflows_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/worker"
)

// TestReplayRecordedHistories replays histories recorded from real runs
// (TestRecordHistories, TestRecordAudienceSweepHistory in tests/histories
// and the drip durability test in tests/drips) against today's workflow
// code: a change that alters command order without workflow.GetVersion
// fails here. Every workflow type the worker registers must have at least
// one recorded history.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no recorded histories in testdata")
	recorded := map[string]bool{}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r := sdkworker.NewWorkflowReplayer()
			worker.RegisterWorkflows(r)
			fh, err := os.Open(f)
			require.NoError(t, err)
			defer fh.Close()
			hist, err := client.HistoryFromJSON(fh, client.HistoryJSONOptions{})
			require.NoError(t, err)
			require.NotEmpty(t, hist.Events)
			recorded[hist.Events[0].GetWorkflowExecutionStartedEventAttributes().GetWorkflowType().GetName()] = true
			require.NoError(t, r.ReplayWorkflowHistory(nil, hist))
		})
	}
	var types registeredTypes
	worker.RegisterWorkflows(&types)
	require.NotEmpty(t, types)
	for _, name := range types {
		assert.True(t, recorded[name], "no recorded history of %s in testdata: record one (see tests/histories/record_histories_test.go)", name)
	}
}

// registeredTypes collects the workflow type names the worker registers.
type registeredTypes []string

// RegisterWorkflowWithOptions records the name of a registered workflow.
func (r *registeredTypes) RegisterWorkflowWithOptions(_ any, o workflow.RegisterOptions) {
	*r = append(*r, o.Name)
}
