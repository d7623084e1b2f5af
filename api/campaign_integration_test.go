package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// countBy counts participants per status.
func countBy(ps []domain.Participant) map[string]int {
	out := map[string]int{}
	for _, p := range ps {
		out[p.Status]++
	}
	return out
}

// TestWalkingSkeleton runs one campaign end to end on the real stack: create,
// add participants, start; everyone becomes Contacted through the paged bulk
// start, the SMTP server gets exactly one email each, and starting again (or
// restarting after completion) sends nothing new.
func TestWalkingSkeleton(t *testing.T) {
	h := newHarness(t)
	const n = 23 // more than three pages of 7
	camp := h.createCampaign("Skeleton")
	assert.Equal(t, "planning", camp["stage"])
	id := camp["id"].(string)

	var added map[string]int
	resp := h.call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.contacts(n)}, &added)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, n, added["added"])
	assert.Equal(t, map[string]int{"Targeted": n}, countBy(h.participants(id)))

	var started map[string]any
	resp = h.call("POST", "/api/v1/campaigns/"+id+"/start", nil, &started)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", started)
	assert.Equal(t, "in_progress", started["stage"])

	workertest.Eventually(t, 60*time.Second, func() (bool, string) {
		by := countBy(h.participants(id))
		return by["Contacted"] == n, fmt.Sprint(by)
	})
	h.assertOneEmailEach(n)
	for _, m := range workertest.Inbox(t, h.suffix) {
		assert.Equal(t, "Skeleton", m.Subject)
		assert.Contains(t, m.Text, "Dear First")
	}

	// Every participant now has its own workflow, in Contacted: the
	// workflows start behind the emails, so they may still be on their way.
	for _, p := range h.participants(id) {
		workertest.Eventually(t, 30*time.Second, func() (bool, string) {
			desc, err := h.wk.Client.DescribeWorkflowExecution(t.Context(), domain.ParticipantWorkflowID(id, p.ID), "")
			if err != nil {
				return false, err.Error()
			}
			return desc.WorkflowExecutionInfo.Type.Name == workflows.ParticipantWorkflowName, desc.WorkflowExecutionInfo.Type.Name
		})
	}
	// The campaign's own history stays small: the participants were not its children.
	hist := h.wk.Client.GetWorkflowHistory(t.Context(), domain.CampaignWorkflowID(id), "", false, 0)
	events := 0
	for hist.HasNext() {
		_, err := hist.Next()
		require.NoError(t, err)
		events++
	}
	assert.Less(t, events, 40, "campaign history events")

	// Starting again is refused and sends nothing.
	var prob problemBody
	resp = h.call("POST", "/api/v1/campaigns/"+id+"/start", nil, &prob)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	assert.Contains(t, prob.Detail, "already in progress")

	// Complete, then restart: the campaign continues, nobody is contacted twice.
	resp = h.call("POST", "/api/v1/campaigns/"+id+"/complete", nil, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp = h.call("POST", "/api/v1/campaigns/"+id+"/start", nil, &started)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "in_progress", started["stage"])
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		var st workflows.CampaignState
		v, err := h.wk.Client.QueryWorkflow(t.Context(), domain.CampaignWorkflowID(id), "", workflows.QueryState)
		if err != nil {
			return false, err.Error()
		}
		if err := v.Get(&st); err != nil {
			return false, err.Error()
		}
		return st.FanoutRuns >= 1 && !st.FanoutPending && st.Started == n, fmt.Sprintf("%+v", st)
	})
	time.Sleep(300 * time.Millisecond)
	assert.Len(t, workertest.Inbox(t, h.suffix), n, "restart must not send again")
	assert.Equal(t, map[string]int{"Contacted": n}, countBy(h.participants(id)))
}
