package campaigns

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

func TestCampaignCharts(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Charts")["id"].(string)
	base := "/api/v1/campaigns/" + id
	contacts := h.Contacts(5)
	resp := h.Call("POST", base+"/participants", map[string]any{"contact_ids": contacts}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)

	var byStatus harness.Chart[domain.StatusCount]
	resp = h.Call("GET", base+"/charts/participants-by-status", nil, &byStatus)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, []domain.StatusCount{{Status: "Targeted", Count: 5}}, byStatus.Items, "only statuses someone holds")

	code, p := h.Move(id, "start")
	require.Equal(t, http.StatusOK, code, "%+v", p)
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		byStatus = harness.Chart[domain.StatusCount]{}
		h.Call("GET", base+"/charts/participants-by-status", nil, &byStatus)
		return len(byStatus.Items) == 1 && byStatus.Items[0] == domain.StatusCount{Status: "Contacted", Count: 5}, fmt.Sprint(byStatus.Items)
	})

	var pipeline harness.Chart[domain.PipelineStage]
	resp = h.Call("GET", base+"/charts/pipeline", nil, &pipeline)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, pipeline.Items)
	h.Opportunity(id, contacts[0], "Proposal", 50)
	h.Opportunity(id, contacts[1], "Prospecting", 100.5)
	h.Opportunity(id, contacts[2], "Prospecting", 200)
	h.Opportunity(id, contacts[3], "Closed Won", 0)
	other := h.CreateCampaign("Other")["id"].(string)
	h.Opportunity(other, contacts[4], "Negotiation", 999)
	h.Call("GET", base+"/charts/pipeline", nil, &pipeline)
	assert.Equal(t, []domain.PipelineStage{
		{Stage: "Prospecting", Count: 2, ExpectedRevenue: 300.5},
		{Stage: "Proposal", Count: 1, ExpectedRevenue: 50},
		{Stage: "Closed Won", Count: 1, ExpectedRevenue: 0},
	}, pipeline.Items, "pipeline order, stages without opportunities left out")

	for _, path := range []string{"/charts/pipeline", "/charts/participants-by-status", "/opportunities"} {
		var p harness.Problem
		resp := h.Call("GET", "/api/v1/campaigns/"+uuid.NewString()+path, nil, &p)
		harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	}
}

func TestCampaignOpportunities(t *testing.T) {
	h := harness.New(t)
	_, userToken := h.UserWithToken("Seller", domain.PrivCampaigns)
	id := h.CreateCampaign("Opportunities")["id"].(string)
	contacts := h.Contacts(5)
	var ids []string
	for i, c := range contacts {
		ids = append(ids, h.Opportunity(id, c, "Prospecting", float64(100*(i+1))))
	}
	other := h.CreateCampaign("Other")["id"].(string)
	h.Opportunity(other, contacts[0], "Proposal", 1)

	// Paged, newest first, only this campaign's.
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10)
		var page struct {
			Items      []domain.Opportunity `json:"items"`
			NextCursor string               `json:"next_cursor"`
		}
		resp := h.Call("GET", "/api/v1/campaigns/"+id+"/opportunities?limit=2&cursor="+cursor, nil, &page)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		for _, o := range page.Items {
			assert.Equal(t, id, o.CampaignID)
			assert.Equal(t, "Last", o.LastName)
			got = append(got, o.ID)
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	assert.ElementsMatch(t, ids, got)
	for q, field := range map[string]string{"limit=0": "limit", "limit=x": "limit", "cursor=abc": "cursor"} {
		var p harness.Problem
		resp := h.Call("GET", "/api/v1/campaigns/"+id+"/opportunities?"+q, nil, &p)
		harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, field)
	}

	opp := "/api/v1/opportunities/" + ids[0]
	var o domain.Opportunity
	resp := h.CallAs(userToken, "PATCH", opp, map[string]any{"stage": "proposal", "expected_revenue": 1234.5,
		"probability": 60, "close_date": "2026-12-31", "description": "Bigger deal"}, &o)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", o)
	assert.Equal(t, "Proposal", o.Stage)
	assert.Equal(t, 1234.5, o.ExpectedRevenue)
	assert.Equal(t, 60, o.Probability)
	assert.Equal(t, "Bigger deal", o.Description)
	require.NotNil(t, o.CloseDate)
	assert.Equal(t, "2026-12-31", o.CloseDate.Format(time.DateOnly))
	var pipeline harness.Chart[domain.PipelineStage]
	h.Call("GET", "/api/v1/campaigns/"+id+"/charts/pipeline", nil, &pipeline)
	assert.Equal(t, []domain.PipelineStage{{Stage: "Prospecting", Count: 4, ExpectedRevenue: 1400},
		{Stage: "Proposal", Count: 1, ExpectedRevenue: 1234.5}}, pipeline.Items)

	before := o
	for _, tc := range []struct {
		name  string
		body  any
		field string
	}{
		{"stage", map[string]any{"stage": "Won?"}, "stage"},
		{"negative revenue", map[string]any{"expected_revenue": -1}, "expected_revenue"},
		{"revenue not a number", map[string]any{"expected_revenue": "lots"}, "expected_revenue"},
		{"huge revenue", map[string]any{"expected_revenue": 1e13}, "expected_revenue"},
		{"probability", map[string]any{"probability": 101}, "probability"},
		{"close date", map[string]any{"close_date": "soon"}, "close_date"},
		{"description", map[string]any{"description": string(make([]byte, 2001))}, "description"},
		{"read-only", map[string]any{"campaign_id": other}, "campaign_id"},
		{"unknown", map[string]any{"owner": "me"}, "owner"},
		{"empty", map[string]any{}, "body"},
		{"several at once", map[string]any{"stage": "x", "probability": -1}, "probability"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p harness.Problem
			resp := h.CallAs(userToken, "PATCH", opp, tc.body, &p)
			harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, tc.field)
		})
	}
	h.Call("GET", opp, nil, &o)
	assert.Equal(t, before, o, "refused edits write nothing")

	// Only an administrator locks; a locked opportunity refuses edits.
	var p harness.Problem
	resp = h.CallAs(userToken, "PATCH", opp, map[string]any{"locked": true}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusForbidden, "")
	resp = h.Call("PATCH", opp, map[string]any{"locked": true}, &o)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.True(t, o.Locked)
	for _, token := range []string{userToken, h.Token} {
		resp = h.CallAs(token, "PATCH", opp, map[string]any{"stage": "Negotiation"}, &p)
		harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
		assert.Contains(t, p.Detail, "locked")
	}
	resp = h.Call("PATCH", opp, map[string]any{"locked": false, "stage": "Negotiation"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	h.Call("GET", opp, nil, &o)
	assert.Equal(t, "Proposal", o.Stage)
	resp = h.Call("PATCH", opp, map[string]any{"locked": false}, &o)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp = h.CallAs(userToken, "PATCH", opp, map[string]any{"stage": "Closed Won"}, &o)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Closed Won", o.Stage)

	resp = h.Call("PATCH", "/api/v1/opportunities/"+uuid.NewString(), map[string]any{"stage": "Proposal"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	resp = h.Call("GET", "/api/v1/opportunities/nope", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
}
