package workflows_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/drumbeat-crm/drumbeat/worker"
)

// TestReplayRecordedHistories replays histories recorded from real runs
// (api TestRecordHistories) against today's workflow code: a change that
// alters command order without workflow.GetVersion fails here.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no recorded histories in testdata")
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
			require.NoError(t, r.ReplayWorkflowHistory(nil, hist))
		})
	}
}
