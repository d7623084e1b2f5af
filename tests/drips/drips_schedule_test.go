package drips

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// TestDripFutureStartRunsOnTime enrolls a contact 30 s ahead (RFC 3339): the
// enrollment waits as scheduled (run is refused with the reason, a second
// start leaves no run behind), then turns active at its start date and runs
// every step on time. A YYYY-MM-DD start date means midnight UTC.
func TestDripFutureStartRunsOnTime(t *testing.T) {
	h := harness.New(t)
	drip := h.CreateDrip("Soon", []domain.DripStep{
		harness.EmailStep("Soon hello", 0),
		{Name: "Call", Action: domain.DripTask, Subject: "Call {{nameFirst}}"},
		harness.EmailStep("Soon again", 0),
	}, nil)
	gus := h.NewContact("gus", nil)
	start := time.Now().UTC().Add(30 * time.Second).Truncate(time.Second)
	resp, e, _ := h.StartDrip(gus.ID, drip.ID, start.Format(time.RFC3339))
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, domain.DripScheduled, e.Status)
	assert.True(t, start.Equal(e.StartDate), "start %v", e.StartDate)

	base := "/api/v1/contacts/" + gus.ID + "/drips/" + drip.ID
	var prob harness.Problem
	resp = h.Call("POST", base+"/run", nil, &prob)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, prob.Detail, "scheduled and will run at its start date")
	wid := domain.DripWorkflowID(drip.ID, gus.ID)
	runs, runID := h.RunsOf(wid)
	resp, _, p := h.StartDrip(gus.ID, drip.ID, "")
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, p.Detail, "already scheduled")
	runsAfter, runIDAfter := h.RunsOf(wid)
	assert.Equal(t, runID, runIDAfter, "a refused start starts no run")
	assert.Equal(t, runs, runsAfter)

	s := h.Steps(gus.ID, drip.ID)
	assert.Equal(t, domain.DripScheduled, s.Enrollment.Status, "run changed nothing")
	assert.Zero(t, s.Enrollment.StepsDone)
	assert.Empty(t, h.InboxFor("gus"), "nothing is sent before the start date")

	waitStatus(h, gus.ID, drip.ID, domain.DripFinished)
	s = h.Steps(gus.ID, drip.ID)
	require.Len(t, s.Items, 3)
	for _, st := range s.Items {
		assert.Equal(t, domain.StepDone, st.Status, st.Name)
		require.NotNil(t, st.DoneAt, st.Name)
		assert.False(t, st.DoneAt.Before(start), "%s ran at %v, before its start %v", st.Name, st.DoneAt, start)
		assert.WithinDuration(t, start, *st.DoneAt, 20*time.Second, "%s ran on time", st.Name)
	}
	var subjects []string
	for _, m := range h.InboxFor("gus") {
		subjects = append(subjects, m.Subject)
	}
	assert.ElementsMatch(t, []string{"Soon hello for gus", "Soon again for gus"}, subjects)

	// A date alone starts at midnight UTC.
	hal := h.NewContact("hal", nil)
	day := time.Now().UTC().AddDate(0, 0, 2).Format(time.DateOnly)
	resp, e, _ = h.StartDrip(hal.ID, drip.ID, day)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, domain.DripScheduled, e.Status)
	midnight, err := time.Parse(time.DateOnly, day)
	require.NoError(t, err)
	assert.True(t, midnight.Equal(e.StartDate), "start %v", e.StartDate)
	s = h.Steps(hal.ID, drip.ID)
	require.NotNil(t, s.Items[0].DueAt)
	assert.True(t, midnight.Equal(*s.Items[0].DueAt), "due %v", s.Items[0].DueAt)
}

// TestDripScheduledHistory records a scheduled enrollment on the real stack:
// its start timer fires, its first step runs, then it is removed; the
// history replays against the current workflow code (and is written to
// workflows/testdata with DRUMBEAT_RECORD_DRIP_HISTORY=1).
func TestDripScheduledHistory(t *testing.T) {
	h := harness.New(t)
	drip := h.CreateDrip("Scheduled history", []domain.DripStep{harness.EmailStep("First", 0), harness.EmailStep("Later", 1)}, nil)
	ida := h.NewContact("ida", nil)
	start := time.Now().UTC().Add(2 * time.Second)
	resp, e, _ := h.StartDrip(ida.ID, drip.ID, start.Format(time.RFC3339Nano))
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	require.Equal(t, domain.DripScheduled, e.Status)
	h.WaitSteps(ida.ID, drip.ID, 1)
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/contacts/"+ida.ID+"/drips/"+drip.ID+"/remove", nil, nil).StatusCode)
	workflowClosed(t, h, drip.ID, ida.ID)
	count := recordDripHistory(t, h, domain.DripWorkflowID(drip.ID, ida.ID), "drip_scheduled_history.json")
	assert.Equal(t, 1, count[enumspb.EVENT_TYPE_TIMER_FIRED], "the start timer fired")
	assert.Equal(t, 2, count[enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED], "start, remove")
}
