package campaigns

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// TestWalkingSkeleton runs one campaign end to end on the real stack: create,
// add participants, start; everyone becomes Contacted through the paged bulk
// start, the SMTP server gets exactly one email each, and starting again (or
// restarting after completion) sends nothing new.
func TestWalkingSkeleton(t *testing.T) {
	h := harness.New(t)
	const n = 23 // more than three pages of 7
	camp := h.CreateCampaign("Skeleton")
	assert.Equal(t, "planning", camp["stage"])
	id := camp["id"].(string)

	var added map[string]int
	resp := h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.Contacts(n)}, &added)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, n, added["added"])
	assert.Equal(t, map[string]int{"Targeted": n}, harness.CountBy(h.Participants(id)))

	var started map[string]any
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, &started)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", started)
	assert.Equal(t, "in_progress", started["stage"])

	workertest.Eventually(t, 60*time.Second, func() (bool, string) {
		by := harness.CountBy(h.Participants(id))
		return by["Contacted"] == n, fmt.Sprint(by)
	})
	h.AssertOneEmailEach(n)
	for _, m := range workertest.Inbox(t, h.Suffix) {
		assert.Equal(t, "Skeleton", m.Subject)
		assert.Contains(t, m.Text, "Dear First")
	}

	// Every participant now has its own workflow, in Contacted: the
	// workflows start behind the emails, so they may still be on their way.
	for _, p := range h.Participants(id) {
		workertest.Eventually(t, 30*time.Second, func() (bool, string) {
			desc, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), domain.ParticipantWorkflowID(id, p.ID), "")
			if err != nil {
				return false, err.Error()
			}
			return desc.WorkflowExecutionInfo.Type.Name == workflows.ParticipantWorkflowName, desc.WorkflowExecutionInfo.Type.Name
		})
	}
	// The campaign's own history stays small: the participants were not its children.
	hist := h.Worker.Client.GetWorkflowHistory(t.Context(), domain.CampaignWorkflowID(id), "", false, 0)
	events := 0
	for hist.HasNext() {
		_, err := hist.Next()
		require.NoError(t, err)
		events++
	}
	assert.Less(t, events, 40, "campaign history events")

	// Starting again is refused and sends nothing.
	var prob harness.Problem
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, &prob)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	assert.Contains(t, prob.Detail, "already in progress")

	// Complete, then restart: the campaign continues, nobody is contacted twice.
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/complete", nil, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, &started)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "in_progress", started["stage"])
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		var st workflows.CampaignState
		v, err := h.Worker.Client.QueryWorkflow(t.Context(), domain.CampaignWorkflowID(id), "", workflows.QueryState)
		if err != nil {
			return false, err.Error()
		}
		if err := v.Get(&st); err != nil {
			return false, err.Error()
		}
		return st.FanoutRuns >= 1 && !st.FanoutPending && st.Started == n, fmt.Sprintf("%+v", st)
	})
	time.Sleep(300 * time.Millisecond)
	assert.Len(t, workertest.Inbox(t, h.Suffix), n, "restart must not send again")
	assert.Equal(t, map[string]int{"Contacted": n}, harness.CountBy(h.Participants(id)))
}
