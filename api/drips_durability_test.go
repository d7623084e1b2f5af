package api_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	tlog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// recordHistoryEnv names the variable that makes TestDripHistory write the
// recorded history to workflows/testdata for the replay test.
const recordHistoryEnv = "DRUMBEAT_RECORD_DRIP_HISTORY"

// TestDripWorkerRestart stops the only worker in the middle of a drip and
// starts another on the same task queue: every step is sent exactly once.
func TestDripWorkerRestart(t *testing.T) {
	st := storetest.New(t)
	c := workertest.Dial(t)
	queue := workertest.NewTaskQueue("drip")
	first := workertest.StartOn(t, c, st, queue, 7)
	h := newHarnessOn(t, st, first)
	const n = 8
	var steps []domain.DripStep
	for i := 1; i <= n; i++ {
		steps = append(steps, emailStep(fmt.Sprintf("Step %d", i), 0))
	}
	drip := h.createDrip("Restart", steps, nil)
	eve := h.newContact("eve", nil)
	resp, _, _ := h.startDrip(eve.ID, drip.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		done := h.steps(eve.ID, drip.ID).Enrollment.StepsDone
		return done >= 2, fmt.Sprintf("%d steps done", done)
	})
	first.Worker.Stop()
	atStop := h.steps(eve.ID, drip.ID).Enrollment.StepsDone
	t.Logf("worker stopped after %d of %d steps", atStop, n)

	workertest.StartOn(t, c, st, queue, 7)
	h.waitStatus(eve.ID, drip.ID, domain.DripFinished)
	s := h.steps(eve.ID, drip.ID)
	seen := map[string]int{}
	for _, m := range h.inboxFor("eve") {
		seen[m.Subject]++
	}
	require.Len(t, seen, n, "every step delivered: %v", seen)
	for i, st := range s.Items {
		assert.Equal(t, domain.StepDone, st.Status)
		assert.Equal(t, 1, st.Runs)
		assert.Equal(t, 1, seen[fmt.Sprintf("Step %d for eve", i+1)], "step %d sent once", i+1)
	}
	var sent, total int
	require.NoError(t, h.st.Pool().QueryRow(t.Context(),
		"SELECT count(*) FILTER (WHERE status = 'sent'), count(*) FROM outbox WHERE drip_campaign_id = $1", drip.ID).Scan(&sent, &total))
	assert.Equal(t, n, sent)
	assert.Equal(t, n, total)
}

// TestDripHistory drives one enrollment through every update on the real
// stack and checks its history: pausing cancels the pending timer, and the
// history replays against the current workflow code. With
// DRUMBEAT_RECORD_DRIP_HISTORY=1 it also writes the history to
// workflows/testdata for the replay unit test.
func TestDripHistory(t *testing.T) {
	h := newHarness(t)
	drip := h.createDrip("History", []domain.DripStep{
		emailStep("First", 0), emailStep("Second", 0), emailStep("Third", 1),
		{Name: "Text", OffsetDays: 2, Action: domain.DripSMS, Body: "Hello {{nameFirst}}"},
	}, nil)
	fay := h.newContact("fay", nil)
	resp, _, _ := h.startDrip(fay.ID, drip.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	h.waitSteps(fay.ID, drip.ID, 2)
	base := "/api/v1/contacts/" + fay.ID + "/drips/" + drip.ID
	for _, p := range []string{"/steps/1/run-again", "/pause", "/run", "/steps/3/skip", "/remove"} {
		resp := h.call("POST", base+p, nil, nil)
		require.Equal(t, http.StatusOK, resp.StatusCode, p)
	}
	workflowClosed(t, h, drip.ID, fay.ID)
	assert.Len(t, h.inboxFor("fay"), 3)

	hist := &historypb.History{}
	iter := h.wk.Client.GetWorkflowHistory(t.Context(), domain.DripWorkflowID(drip.ID, fay.ID), "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	count := map[enumspb.EventType]int{}
	for iter.HasNext() {
		ev, err := iter.Next()
		require.NoError(t, err)
		hist.Events = append(hist.Events, ev)
		count[ev.GetEventType()]++
	}
	assert.Equal(t, 0, count[enumspb.EVENT_TYPE_TIMER_FIRED], "no step timer fired")
	assert.GreaterOrEqual(t, count[enumspb.EVENT_TYPE_TIMER_CANCELED], 2, "pause and remove cancel the pending timer")
	assert.Equal(t, 6, count[enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED], "start, run again, pause, run, skip, remove")

	replayer := sdkworker.NewWorkflowReplayer()
	replayer.RegisterWorkflowWithOptions(workflows.DripWorkflow, workflow.RegisterOptions{Name: workflows.DripWorkflowName})
	logger := tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, replayer.ReplayWorkflowHistory(logger, hist))

	if os.Getenv(recordHistoryEnv) == "" {
		return
	}
	raw, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(hist)
	require.NoError(t, err)
	path := filepath.Join("..", "workflows", "testdata", "drip_history.json")
	require.NoError(t, os.WriteFile(path, raw, 0o644))
	t.Logf("wrote %s (%d events)", path, len(hist.Events))
}
