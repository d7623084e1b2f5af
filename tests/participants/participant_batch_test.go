package participants

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestBatchStatusUpdate changes many participants' status in one
// "Update Campaign Participant Status" batch process: bulk first in SQL,
// then the participant workflows adopt the change; refused items fail with
// their reason without failing the batch.
func TestBatchStatusUpdate(t *testing.T) {
	h := harness.New(t)
	id, ps := h.StartedCampaign("Batch", 5)
	// p4 already moved on to a final status through its workflow.
	require.Equal(t, http.StatusOK, h.Patch(id, ps[4].ID, map[string]any{"status": "Don't contact me"}, nil).StatusCode)

	items := []string{ps[0].ID, ps[1].ID, ps[2].ID, ps[4].ID, uuid.NewString(), "not-an-id"}
	var b harness.BatchView
	resp := h.Call("POST", "/api/v1/campaigns/"+id+"/participants/status", map[string]any{"participant_ids": items, "status": "responded"}, &b)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%+v", b)
	assert.Equal(t, "/api/v1/batch-processes/"+b.ID, resp.Header.Get("Location"))
	assert.Equal(t, domain.BatchUpdateParticipantStatus, b.Type)
	b = h.WaitBatch(b.ID)
	assert.Equal(t, domain.BatchCompleted, b.Status)
	assert.Equal(t, 6, b.Total)
	assert.Equal(t, 3, b.Succeeded)
	assert.Equal(t, 3, b.Failed)
	require.Len(t, b.Items, 6)
	for i := 0; i < 3; i++ {
		assert.Equal(t, domain.ItemSucceeded, b.Items[i].Status)
	}
	assert.Contains(t, b.Items[3].Message, "final status")
	assert.Equal(t, "not a participant of this campaign", b.Items[4].Message)
	assert.Equal(t, "not a participant of this campaign", b.Items[5].Message)
	assert.Equal(t, map[string]int{"Responded": 3, "Contacted": 1, "Don't contact me": 1}, harness.CountBy(h.Participants(id)))

	// The workflows adopted the change, so the next one goes through them.
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		st, err := h.ParticipantState(id, ps[0].ID)
		if err != nil {
			return false, err.Error()
		}
		return st.Status == "Responded" && st.Transitions == 2, fmt.Sprintf("%s %d", st.Status, st.Transitions)
	})
	var got domain.Participant
	require.Equal(t, http.StatusOK, h.Patch(id, ps[0].ID, map[string]any{"status": "Interested"}, &got).StatusCode)
	assert.Equal(t, 3, got.Transitions)
	assert.Equal(t, 1, h.Count("SELECT count(*) FROM opportunities WHERE campaign_id = $1", id))

	// A second batch to Interested creates the other opportunities, only for
	// those the rules allow (Contacted may not become Interested).
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/participants/status",
		map[string]any{"participant_ids": []string{ps[1].ID, ps[2].ID, ps[3].ID}, "status": "Interested"}, &b)
	require.Equal(t, http.StatusAccepted, resp.StatusCode)
	b = h.WaitBatch(b.ID)
	assert.Equal(t, 2, b.Succeeded)
	assert.Equal(t, 1, b.Failed)
	assert.Contains(t, b.Items[2].Message, "allowed next statuses are Responded, Not responded, Don't contact me")
	assert.Equal(t, 3, h.Count("SELECT count(*) FROM opportunities WHERE campaign_id = $1", id))

	// The list of batch processes filters by type.
	var list domain.Page[domain.Batch]
	resp = h.Call("GET", "/api/v1/batch-processes?type="+url.QueryEscape(domain.BatchUpdateParticipantStatus), nil, &list)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Len(t, list.Items, 2)

	// Bad requests write nothing.
	for _, body := range []any{map[string]any{"participant_ids": []string{}, "status": "Responded"},
		map[string]any{"participant_ids": []string{ps[3].ID}}, map[string]any{"participant_ids": []string{ps[3].ID}, "status": "Delighted"}} {
		resp = h.Call("POST", "/api/v1/campaigns/"+id+"/participants/status", body, nil)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%v", body)
	}
	resp = h.Call("POST", "/api/v1/campaigns/"+uuid.NewString()+"/participants/status",
		map[string]any{"participant_ids": []string{ps[3].ID}, "status": "Responded"}, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	resp = h.Call("GET", "/api/v1/batch-processes?type="+url.QueryEscape(domain.BatchUpdateParticipantStatus), nil, &list)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Len(t, list.Items, 2)
}
