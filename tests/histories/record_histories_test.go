package histories

import (
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// TestRecordHistories runs a real campaign through every kind of participant
// change, a batch status update, completion and a burst of audience
// schedule syncs, then replays each closed
// workflow's history against the current workflow code. With
// DRUMBEAT_RECORD_HISTORIES=1 it also writes the histories into
// workflows/testdata, where the replay unit test keeps old runs valid
// (record again, deliberately, after a change guarded by
// workflow.GetVersion, and commit the JSON).
func TestRecordHistories(t *testing.T) {
	write := os.Getenv("DRUMBEAT_RECORD_HISTORIES") == "1"
	h := harness.New(t)
	id, ps := h.StartedCampaign("Recorded", 3)
	require.Equal(t, http.StatusOK, h.Patch(id, ps[0].ID, map[string]any{"status": "Responded"}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Patch(id, ps[0].ID, map[string]any{"status": "Interested"}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Patch(id, ps[1].ID, map[string]any{"owner_id": h.Admin.ID}, nil).StatusCode)
	var b harness.BatchView
	require.Equal(t, http.StatusAccepted, h.Call("POST", "/api/v1/campaigns/"+id+"/participants/status",
		map[string]any{"participant_ids": []string{ps[1].ID}, "status": "Not responded"}, &b).StatusCode)
	h.WaitBatch(b.ID)
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		st, err := h.ParticipantState(id, ps[1].ID)
		return err == nil && st.Status == "Not responded", st.Status
	})
	require.Equal(t, http.StatusOK, h.Patch(id, ps[2].ID, map[string]any{"status": "Don't contact me"}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/complete", nil, nil).StatusCode)
	// A burst of settings changes: each signals the campaign's audience sync,
	// and those arriving during a pass coalesce into one more.
	var burst sync.WaitGroup
	for range 3 {
		burst.Go(func() {
			assert.Equal(t, http.StatusOK, h.Call("PUT", "/api/v1/campaigns/"+id+"/settings",
				map[string]any{"audience_interval_seconds": 600}, nil).StatusCode)
		})
	}
	burst.Wait()
	record := func(wid, file string) { recordHistory(t, h, wid, file, write) }
	record(domain.CampaignWorkflowID(id), "campaign.json")
	// participant_interested.json is a run recorded before the status write
	// became a local activity (workflow.GetVersion "status-write-local"),
	// as are participant_final.json and participant_bulk_owner.json; they stay.
	record(domain.ParticipantWorkflowID(id, ps[0].ID), "participant_interested_local.json")
	record(domain.ParticipantWorkflowID(id, ps[1].ID), "participant_bulk_owner.json")
	record(domain.ParticipantWorkflowID(id, ps[2].ID), "participant_final.json")
	// batch_status.json is a batch recorded before its follower ran
	// beside the pages (workflow.GetVersion "batch-follower"); it stays.
	record(domain.BatchWorkflowID(b.ID), "batch_status_followed.json")
	record(domain.AudienceSyncWorkflowID(id), "audience_sync.json")
}

// TestRecordAudienceSweepHistory runs one audience sweep that enrolls a
// customer and replays (and with DRUMBEAT_RECORD_HISTORIES=1 records) its
// history, so every workflow type has a recorded run in workflows/testdata.
func TestRecordAudienceSweepHistory(t *testing.T) {
	write := os.Getenv("DRUMBEAT_RECORD_HISTORIES") == "1"
	h := harness.New(t)
	vip := h.Group("VIP")
	cs := h.Contacts(1)
	h.Customer(cs[0], "Active", vip)
	id := h.CreateCampaign("Recorded sweep")["id"].(string)
	base := "/api/v1/campaigns/" + id
	require.Equal(t, http.StatusOK, h.Call("PUT", base+"/audience", map[string]any{"type": "customers",
		"customer_group_id": vip, "send_to": "All", "customer_status": "Active"}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("PUT", base+"/workflow", map[string]any{"statuses": harness.ContactedEmail("Welcome {{nameFirst}}")}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("PATCH", base, map[string]any{"start_date": time.Now().UTC().Format(time.DateOnly)}, nil).StatusCode)
	code, p := h.Move(id, "start")
	require.Equal(t, http.StatusOK, code, "%+v", p)
	wid := "audience-sweep/recorded/" + id
	run, err := h.Worker.Client.ExecuteWorkflow(t.Context(), client.StartWorkflowOptions{ID: wid, TaskQueue: h.Worker.TaskQueue},
		workflows.AudienceSweepWorkflowName, workflows.AudienceSweepInput{CampaignID: id})
	require.NoError(t, err)
	var res workflows.AudienceSweepResult
	require.NoError(t, run.Get(t.Context(), &res))
	require.Equal(t, 1, res.Enrolled, "the sweep enrolls the customer: %+v", res)
	recordHistory(t, h, wid, "audience_sweep.json", write)
}

// recordHistory waits until a workflow has completed, replays its history
// against today's workflow code and, when write is set, stores it in
// workflows/testdata/file.
func recordHistory(t *testing.T, h *harness.Harness, wid, file string, write bool) {
	t.Helper()
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		d, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), wid, "")
		if err != nil {
			return false, err.Error()
		}
		return d.WorkflowExecutionInfo.Status.String() == "Completed", d.WorkflowExecutionInfo.Status.String()
	})
	var hist historypb.History
	it := h.Worker.Client.GetWorkflowHistory(t.Context(), wid, "", false, 0)
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(t, err)
		hist.Events = append(hist.Events, ev)
	}
	replayer := sdkworker.NewWorkflowReplayer()
	worker.RegisterWorkflows(replayer)
	require.NoError(t, replayer.ReplayWorkflowHistory(nil, &hist), "history of %s replays", wid)
	if !write {
		return
	}
	raw, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(&hist)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join("..", "..", "workflows", "testdata"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join("..", "..", "workflows", "testdata", file), raw, 0o644))
}
