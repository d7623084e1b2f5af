package campaigns

import (
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// Every endpoint of the campaign records answers 401 without a valid token
// and 403 to a user without the privilege it needs, before touching anything.
func TestCampaignRecordsAuth(t *testing.T) {
	h := harness.New(t)
	_, leadsOnly := h.UserWithToken("Leads only", domain.PrivLeads)
	_, campaignsOnly := h.UserWithToken("Campaigns only", domain.PrivCampaigns)
	id := h.CreateCampaign("Guarded")["id"].(string)
	c := "/api/v1/campaigns/" + id
	tmpl := "/api/v1/workflow-templates/" + domain.DefaultTemplateID
	opp := "/api/v1/opportunities/" + uuid.NewString()
	endpoints := []struct {
		method, path string
		body         any
		adminOnly    bool
	}{
		{"GET", "/api/v1/campaigns", nil, false},
		{"GET", c, nil, false},
		{"PATCH", c, map[string]any{"name": "Taken"}, false},
		{"DELETE", c, nil, false},
		{"GET", c + "/team", nil, false},
		{"POST", c + "/team", map[string]any{"user_id": h.Admin.ID, "role": "Support"}, false},
		{"DELETE", c + "/team/" + h.Manager.ID + "/Manager", nil, false},
		{"GET", c + "/workflow", nil, false},
		{"PUT", c + "/workflow", map[string]any{"statuses": domain.DefaultWorkflow().Statuses}, false},
		{"POST", c + "/workflow/select", map[string]any{"template_id": domain.DefaultTemplateID}, false},
		{"POST", c + "/workflow/reload", nil, false},
		{"GET", c + "/charts/participants-by-status", nil, false},
		{"GET", c + "/charts/pipeline", nil, false},
		{"GET", c + "/opportunities", nil, false},
		{"GET", opp, nil, false},
		{"PATCH", opp, map[string]any{"stage": "Proposal"}, false},
		{"GET", "/api/v1/workflow-templates", nil, false},
		{"GET", tmpl, nil, false},
		{"POST", "/api/v1/workflow-templates", map[string]any{"name": "X", "statuses": domain.DefaultWorkflow().Statuses}, true},
		{"PUT", tmpl, map[string]any{"name": "X", "statuses": domain.DefaultWorkflow().Statuses}, true},
		{"DELETE", tmpl, nil, true},
	}
	for _, e := range endpoints {
		t.Run(e.method+" "+e.path, func(t *testing.T) {
			for _, tc := range []struct {
				token  string
				status int
			}{
				{"", http.StatusUnauthorized},
				{"tok-unknown", http.StatusUnauthorized},
				{leadsOnly, http.StatusForbidden},
			} {
				var p harness.Problem
				resp := h.CallAs(tc.token, e.method, e.path, e.body, &p)
				harness.ExpectProblem(t, resp, p, tc.status, "")
			}
			if e.adminOnly {
				var p harness.Problem
				resp := h.CallAs(campaignsOnly, e.method, e.path, e.body, &p)
				harness.ExpectProblem(t, resp, p, http.StatusForbidden, "")
			}
		})
	}
	// Nothing was changed by the refused calls.
	got := h.GetCampaign(id)
	if got["name"] != "Guarded" {
		t.Fatalf("a refused PATCH changed the campaign: %v", got)
	}
	var team teamBody
	h.Call("GET", c+"/team", nil, &team)
	if len(team.Items) != 1 {
		t.Fatalf("a refused POST changed the team: %v", team)
	}
}
