package drips

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// recordHistoryEnv names the variable that makes TestDripHistory write the
// recorded history to workflows/testdata for the replay test.
const recordHistoryEnv = "DRUMBEAT_RECORD_DRIP_HISTORY"

// TestDripWorkerRestart: worker A delivers three steps, then its mail
// server fails; A is stopped in the middle of the drip (its step 4 waiting
// for a retry) and worker B starts on the same task queue. B delivers the
// rest: every step is sent exactly once, none is lost.
func TestDripWorkerRestart(t *testing.T) {
	st := storetest.New(t)
	c := workertest.Dial(t)
	queue := workertest.NewTaskQueue("drip")
	const n, beforeStop = 8, 3
	broken := &failingMailer{after: beforeStop, broken: make(chan struct{})}
	first := gracefulWorker(t, c, st, queue, broken)
	h := harness.NewOn(t, st, &workertest.Env{Client: c, TaskQueue: queue, Worker: first})
	var steps []domain.DripStep
	for i := 1; i <= n; i++ {
		steps = append(steps, harness.EmailStep(fmt.Sprintf("Step %d", i), 0))
	}
	drip := h.CreateDrip("Restart", steps, nil)
	eve := h.NewContact("eve", nil)
	resp, _, _ := h.StartDrip(eve.ID, drip.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	select {
	case <-broken.broken:
	case <-time.After(30 * time.Second):
		t.Fatal("worker A never reached step 4")
	}
	first.Stop()
	s := h.Steps(eve.ID, drip.ID)
	// Step 4 is recorded (its email queued in the outbox) but not delivered.
	require.Equal(t, beforeStop+1, s.Enrollment.StepsDone, "worker A stopped mid-drip")
	require.Len(t, h.InboxFor("eve"), beforeStop)

	gracefulWorker(t, c, st, queue, nil)
	waitStatus(h, eve.ID, drip.ID, domain.DripFinished)
	s = h.Steps(eve.ID, drip.ID)
	seen := map[string]int{}
	for _, m := range h.InboxFor("eve") {
		seen[m.Subject]++
	}
	require.Len(t, seen, n, "every step delivered: %v", seen)
	for i, st := range s.Items {
		assert.Equal(t, domain.StepDone, st.Status)
		assert.Equal(t, 1, st.Runs)
		assert.Equal(t, 1, seen[fmt.Sprintf("Step %d for eve", i+1)], "step %d sent once", i+1)
	}
	var sent, total, retried int
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(),
		"SELECT count(*) FILTER (WHERE status = 'sent'), count(*), count(*) FILTER (WHERE attempts > 1) FROM outbox WHERE drip_campaign_id = $1",
		drip.ID).Scan(&sent, &total, &retried))
	assert.Equal(t, n, sent)
	assert.Equal(t, n, total)
	assert.Equal(t, 1, retried, "step 4 failed on worker A and was delivered by worker B")
}

// failingMailer delivers the first after emails over the test SMTP sink and
// then fails every send (a mail server gone bad), closing broken once.
type failingMailer struct {
	after  int
	smtp   activities.Mailer
	sent   atomic.Int32
	once   sync.Once
	broken chan struct{}
}

func (m *failingMailer) Send(ctx context.Context, emails []activities.Email, report func(int, error)) {
	if int(m.sent.Load())+len(emails) > m.after {
		m.once.Do(func() { close(m.broken) })
		for i := range emails {
			report(i, errors.New("451 mail server unavailable"))
		}
		return
	}
	m.sent.Add(int32(len(emails)))
	m.smtp.Send(ctx, emails, report)
}

// gracefulWorker runs a worker that, like a deployed one on SIGTERM, lets its
// running activities finish when it stops. A nil mailer uses the test SMTP sink.
func gracefulWorker(t *testing.T, c client.Client, st *store.Store, queue string, failing *failingMailer) sdkworker.Worker {
	t.Helper()
	smtp, err := activities.NewSMTPMailer(os.Getenv("SMTP_URL"), "Drumbeat Tests <tests@drumbeat.local>", 2)
	require.NoError(t, err)
	var mailer activities.Mailer = smtp
	if failing != nil {
		failing.smtp = smtp
		mailer = failing
	}
	w := sdkworker.New(c, queue, sdkworker.Options{WorkerStopTimeout: 20 * time.Second})
	worker.Register(w, &activities.Activities{Store: st, Mailer: mailer, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, w.Start())
	t.Cleanup(func() { w.Stop(); smtp.Close() })
	return w
}

// TestDripHistory drives one enrollment through every update on the real
// stack and checks its history: pausing cancels the pending timer, and the
// history replays against the current workflow code. With
// DRUMBEAT_RECORD_DRIP_HISTORY=1 it also writes the history to
// workflows/testdata for the replay unit test.
func TestDripHistory(t *testing.T) {
	h := harness.New(t)
	drip := h.CreateDrip("History", []domain.DripStep{
		harness.EmailStep("First", 0), harness.EmailStep("Second", 0), harness.EmailStep("Third", 1),
		{Name: "Text", OffsetDays: 2, Action: domain.DripSMS, Body: "Hello {{nameFirst}}"},
	}, nil)
	fay := h.NewContact("fay", nil)
	resp, _, _ := h.StartDrip(fay.ID, drip.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	h.WaitSteps(fay.ID, drip.ID, 2)
	base := "/api/v1/contacts/" + fay.ID + "/drips/" + drip.ID
	for _, p := range []string{"/steps/1/run-again", "/pause", "/run", "/steps/3/skip", "/remove"} {
		resp := h.Call("POST", base+p, nil, nil)
		require.Equal(t, http.StatusOK, resp.StatusCode, p)
	}
	workflowClosed(t, h, drip.ID, fay.ID)
	assert.Len(t, h.InboxFor("fay"), 3)

	count := recordDripHistory(t, h, domain.DripWorkflowID(drip.ID, fay.ID), "drip_history.json")
	assert.Equal(t, 0, count[enumspb.EVENT_TYPE_TIMER_FIRED], "no step timer fired")
	assert.GreaterOrEqual(t, count[enumspb.EVENT_TYPE_TIMER_CANCELED], 2, "pause and remove cancel the pending timer")
	assert.Equal(t, 6, count[enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED], "start, run again, pause, run, skip, remove")
}

// TestDripTriggerHistory records the trigger evaluation of a partner whose
// removed enrollment its trigger starts again, and checks that it ran one
// pass: one match, one start, no failure.
func TestDripTriggerHistory(t *testing.T) {
	h := harness.New(t)
	drip := h.CreateDrip("Trigger history", []domain.DripStep{harness.EmailStep("Welcome", 0), harness.EmailStep("Later", 10)},
		&domain.DripTrigger{PartnerType: "Realtor"})
	gus := h.NewContact("gus", map[string]any{"partner_type": "Realtor"})
	require.Equal(t, []string{drip.ID}, gus.DripsStarted)
	resp := h.Call("POST", "/api/v1/contacts/"+gus.ID+"/drips/"+drip.ID+"/remove", nil, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var c harness.ContactAnswer
	resp = h.Call("PATCH", "/api/v1/contacts/"+gus.ID, map[string]any{"status": "Client"}, &c)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, []string{drip.ID}, c.DripsStarted)

	count := recordDripHistory(t, h, domain.DripTriggerWorkflowID(gus.ID), "drip_trigger_history.json")
	assert.Equal(t, 2, count[enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED], "one pass: match, then start")
	assert.Zero(t, count[enumspb.EVENT_TYPE_ACTIVITY_TASK_FAILED])
	assert.Equal(t, 1, count[enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED])
}

// recordDripHistory reads a drip workflow's history, replays it against the
// current workflow code and, with DRUMBEAT_RECORD_DRIP_HISTORY=1, writes it
// to workflows/testdata/file for the replay unit test. It returns the count
// of each event type.
func recordDripHistory(t *testing.T, h *harness.Harness, workflowID, file string) map[enumspb.EventType]int {
	t.Helper()
	hist := &historypb.History{}
	iter := h.Worker.Client.GetWorkflowHistory(t.Context(), workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	count := map[enumspb.EventType]int{}
	for iter.HasNext() {
		ev, err := iter.Next()
		require.NoError(t, err)
		hist.Events = append(hist.Events, ev)
		count[ev.GetEventType()]++
	}

	replayer := sdkworker.NewWorkflowReplayer()
	worker.RegisterWorkflows(replayer)
	logger := tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, replayer.ReplayWorkflowHistory(logger, hist))

	if os.Getenv(recordHistoryEnv) == "" {
		return count
	}
	raw, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(hist)
	require.NoError(t, err)
	path := filepath.Join("..", "..", "workflows", "testdata", file)
	require.NoError(t, os.WriteFile(path, raw, 0o644))
	t.Logf("wrote %s (%d events)", path, len(hist.Events))
	return count
}
