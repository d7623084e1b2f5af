package harness

import (
	"fmt"
	"net/http"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// Folder creates a folder with the given documents and returns their ids by name.
func (h *Harness) Folder(docs ...map[string]any) (string, map[string]string) {
	h.T.Helper()
	var f domain.Folder
	require.Equal(h.T, http.StatusCreated, h.Call("POST", "/api/v1/folders", map[string]any{"name": "Campaign docs"}, &f).StatusCode)
	ids := map[string]string{}
	for _, d := range docs {
		var out domain.Document
		resp := h.Call("POST", "/api/v1/folders/"+f.ID+"/documents", d, &out)
		require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%+v", out)
		ids[out.Name] = out.ID
	}
	return f.ID, ids
}

// SetWorkflow replaces a campaign's workflow definition through the API (a
// campaign in planning is a Draft: editable).
func (h *Harness) SetWorkflow(campaignID string, def domain.WorkflowDef) {
	h.T.Helper()
	var out map[string]any
	resp := h.Call("PUT", "/api/v1/campaigns/"+campaignID+"/workflow", map[string]any{"statuses": def.Statuses}, &out)
	require.Equal(h.T, http.StatusOK, resp.StatusCode, "%v", out)
}

// BatchView mirrors GET /batch-processes/{id}.
type BatchView struct {
	domain.Batch
	Items []domain.BatchItem `json:"items"`
}

// WaitBatch polls a batch process until it finished.
func (h *Harness) WaitBatch(id string) BatchView {
	h.T.Helper()
	var b BatchView
	workertest.Eventually(h.T, 30*time.Second, func() (bool, string) {
		b = BatchView{}
		resp := h.Call("GET", "/api/v1/batch-processes/"+id+"?limit=500", nil, &b)
		return resp.StatusCode == http.StatusOK && (b.Status == domain.BatchCompleted || b.Status == domain.BatchFailed),
			fmt.Sprintf("%d %s %d/%d", resp.StatusCode, b.Status, b.Done(), b.Total)
	})
	return b
}

// StartedCampaign creates a campaign with n participants, starts it and waits
// until every participant is Contacted and its workflow runs.
func (h *Harness) StartedCampaign(name string, n int) (string, []domain.Participant) {
	h.T.Helper()
	id := h.CreateCampaign(name)["id"].(string)
	resp := h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.Contacts(n)}, nil)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode)
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil)
	require.Equal(h.T, http.StatusOK, resp.StatusCode)
	h.WaitStatuses(id, map[string]int{"Contacted": n})
	ps := h.Participants(id)
	// The bulk start's starting side follows its sending side: the rows
	// are Contacted before the workflows exist. A started campaign, for the
	// tests, is one whose participant workflows run too.
	for _, p := range ps {
		workertest.Eventually(h.T, 30*time.Second, func() (bool, string) {
			_, err := h.Worker.Client.DescribeWorkflowExecution(h.T.Context(), domain.ParticipantWorkflowID(id, p.ID), "")
			return err == nil, fmt.Sprint(err)
		})
	}
	return id, ps
}

// WaitStatuses polls the participant list until the counts per status match.
func (h *Harness) WaitStatuses(campaignID string, want map[string]int) {
	h.T.Helper()
	workertest.Eventually(h.T, 30*time.Second, func() (bool, string) {
		got := CountBy(h.Participants(campaignID))
		return fmt.Sprint(got) == fmt.Sprint(want), fmt.Sprint(got)
	})
}

// Patch changes one participant through the API.
func (h *Harness) Patch(campaignID, pid string, body any, out any) *http.Response {
	h.T.Helper()
	return h.Call("PATCH", "/api/v1/campaigns/"+campaignID+"/participants/"+pid, body, out)
}

// ParticipantState queries a participant's workflow.
func (h *Harness) ParticipantState(campaignID, pid string) (workflows.ParticipantState, error) {
	var st workflows.ParticipantState
	v, err := h.Worker.Client.QueryWorkflow(h.T.Context(), domain.ParticipantWorkflowID(campaignID, pid), "", workflows.QueryState)
	if err != nil {
		return st, err
	}
	return st, v.Get(&st)
}

// Count runs a SELECT count(...) query and answers its number.
func (h *Harness) Count(sql string, args ...any) int {
	h.T.Helper()
	var n int
	require.NoError(h.T, h.Store.Pool().QueryRow(h.T.Context(), sql, args...).Scan(&n))
	return n
}
