package campaigns

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

type workflowBody struct {
	domain.WorkflowDef
	TemplateID            string `json:"template_id"`
	LatestTemplateVersion int    `json:"latest_template_version"`
	ReloadAvailable       bool   `json:"reload_available"`
}

func statusNames(d domain.WorkflowDef) []string {
	var out []string
	for _, s := range d.Statuses {
		out = append(out, s.Name)
	}
	return out
}

// withStatus returns the default workflow with one more status reachable from Contacted.
func withStatus(name string) []domain.ParticipantStatus {
	def := domain.DefaultWorkflow()
	def.Statuses[1].Next = append(def.Statuses[1].Next, name)
	return append(def.Statuses, domain.ParticipantStatus{Name: name, Next: []string{"Don't contact me"},
		Actions: []domain.Action{{Kind: domain.ActionTask, Subject: "Call {{nameFirst}}", DueInDays: 2}}})
}

func TestCampaignWorkflowDefinition(t *testing.T) {
	h := harness.New(t)
	_, userToken := h.UserWithToken("Campaign user", domain.PrivCampaigns)
	id := h.CreateCampaign("Workflow")["id"].(string)
	path := "/api/v1/campaigns/" + id + "/workflow"

	// A new campaign copies the "Default campaign workflow" template.
	var wf workflowBody
	resp := h.Call("GET", path, nil, &wf)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.DefaultTemplateName, wf.Template)
	assert.Equal(t, 1, wf.TemplateVersion)
	assert.Equal(t, domain.DefaultTemplateID, wf.TemplateID)
	assert.False(t, wf.ReloadAvailable)
	assert.Equal(t, statusNames(domain.DefaultWorkflow()), statusNames(wf.WorkflowDef))
	assert.True(t, wf.IsFinal("Don't contact me"))
	assert.NoError(t, wf.CanMove("Responded", "Interested"))
	interested, _ := wf.Status("Interested")
	require.Len(t, interested.Actions, 1)
	assert.Equal(t, domain.ActionOpportunity, interested.Actions[0].Kind)

	// Reload is refused until the template changes.
	var p harness.Problem
	resp = h.Call("POST", path+"/reload", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "the template has not changed")

	// The campaign customises its own copy; a GET answer can be sent back.
	wf.Statuses = withStatus("Call back")
	resp = h.Call("PUT", path, wf, &wf)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", wf)
	assert.Contains(t, statusNames(wf.WorkflowDef), "Call back")
	assert.Equal(t, 1, wf.TemplateVersion, "customising keeps the template link")

	// Only an administrator changes templates; each update is a new version.
	tmplPath := "/api/v1/workflow-templates/" + domain.DefaultTemplateID
	var tmpl domain.WorkflowTemplate
	resp = h.Call("GET", tmplPath, nil, &tmpl)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 1, tmpl.Version)
	update := map[string]any{"name": domain.DefaultTemplateName, "statuses": withStatus("Webinar")}
	resp = h.CallAs(userToken, "PUT", tmplPath, update, &p)
	harness.ExpectProblem(t, resp, p, http.StatusForbidden, "")
	resp = h.Call("PUT", tmplPath, update, &tmpl)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", tmpl)
	assert.Equal(t, 2, tmpl.Version)

	wf = workflowBody{}
	h.Call("GET", path, nil, &wf)
	assert.True(t, wf.ReloadAvailable)
	assert.Equal(t, 2, wf.LatestTemplateVersion)
	resp = h.Call("POST", path+"/reload", nil, &wf)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 2, wf.TemplateVersion)
	assert.Contains(t, statusNames(wf.WorkflowDef), "Webinar")
	assert.NotContains(t, statusNames(wf.WorkflowDef), "Call back", "reload resets every status")
	assert.False(t, wf.ReloadAvailable)
	resp = h.Call("POST", path+"/reload", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")

	// A new campaign copies the template's current version.
	other := h.CreateCampaign("Later")["id"].(string)
	var otherWF workflowBody
	h.Call("GET", "/api/v1/campaigns/"+other+"/workflow", nil, &otherWF)
	assert.Equal(t, 2, otherWF.TemplateVersion)
	assert.Contains(t, statusNames(otherWF.WorkflowDef), "Webinar")

	// Select loads another template.
	custom := map[string]any{"name": "Event invitation", "description": "RSVP tracking",
		"statuses": []map[string]any{
			{"name": "Targeted", "next": []string{"Contacted"}},
			{"name": "Contacted", "next": []string{"Accepted", "Declined"}},
			{"name": "Accepted", "actions": []map[string]any{{"kind": "meeting", "subject": "Event"}}},
			{"name": "Declined"},
		}}
	resp = h.CallAs(userToken, "POST", "/api/v1/workflow-templates", custom, &p)
	harness.ExpectProblem(t, resp, p, http.StatusForbidden, "")
	var created domain.WorkflowTemplate
	resp = h.Call("POST", "/api/v1/workflow-templates", custom, &created)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%+v", created)
	assert.Equal(t, 1, created.Version)
	resp = h.Call("POST", "/api/v1/workflow-templates", custom, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	var list struct{ Items []domain.WorkflowTemplate }
	resp = h.CallAs(userToken, "GET", "/api/v1/workflow-templates", nil, &list)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Len(t, list.Items, 2)

	resp = h.Call("POST", path+"/select", map[string]any{"template_id": created.ID}, &wf)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", wf)
	assert.Equal(t, []string{"Targeted", "Contacted", "Accepted", "Declined"}, statusNames(wf.WorkflowDef))
	assert.Equal(t, "Event invitation", wf.Template)
	assert.Equal(t, created.ID, wf.TemplateID)
	resp = h.Call("POST", path+"/select", map[string]any{"template_id": uuid.NewString()}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "template_id")
	resp = h.Call("POST", path+"/select", map[string]any{"template_id": "default"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "template_id")

	// A deleted template can no longer be reloaded; the default one cannot be deleted.
	resp = h.Call("DELETE", tmplPath, nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	resp = h.CallAs(userToken, "DELETE", "/api/v1/workflow-templates/"+created.ID, nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusForbidden, "")
	resp = h.Call("DELETE", "/api/v1/workflow-templates/"+created.ID, nil, nil)
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	resp = h.Call("POST", path+"/reload", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "not linked to a template")
	wf = workflowBody{}
	h.Call("GET", path, nil, &wf)
	assert.Equal(t, []string{"Targeted", "Contacted", "Accepted", "Declined"}, statusNames(wf.WorkflowDef), "the copy stays")
}

func TestCampaignWorkflowValidation(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Validation")["id"].(string)
	path := "/api/v1/campaigns/" + id + "/workflow"
	var before workflowBody
	h.Call("GET", path, nil, &before)

	st := func(name string, next ...string) map[string]any { return map[string]any{"name": name, "next": next} }
	cases := []struct {
		name  string
		body  any
		field string
	}{
		{"no Targeted", map[string]any{"statuses": []any{st("Contacted")}}, "statuses"},
		{"unknown next", map[string]any{"statuses": []any{st("Targeted", "Contacted"), st("Contacted", "Won")}}, "statuses[1].next[0]"},
		{"duplicate", map[string]any{"statuses": []any{st("Targeted"), st("Contacted"), st("contacted")}}, "statuses[2].name"},
		{"empty name", map[string]any{"statuses": []any{st("Targeted"), st("Contacted"), st(" ")}}, "statuses[2].name"},
		{"unknown action", map[string]any{"statuses": []any{st("Targeted"), map[string]any{"name": "Contacted",
			"actions": []any{map[string]any{"kind": "fax"}}}}}, "statuses[1].actions[0].kind"},
		{"delayed task", map[string]any{"statuses": []any{st("Targeted"), map[string]any{"name": "Contacted",
			"actions": []any{map[string]any{"kind": "task", "subject": "x", "delay_seconds": 60}}}}}, "statuses[1].actions[0].delay_seconds"},
		{"print without document", map[string]any{"statuses": []any{st("Targeted"), map[string]any{"name": "Contacted",
			"actions": []any{map[string]any{"kind": "print"}}}}}, "statuses[1].actions[0].document_id"},
		{"wrong type", map[string]any{"statuses": "all"}, "statuses"},
		{"unknown field", map[string]any{"statuses": []any{}, "owner": "me"}, "body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var p harness.Problem
			resp := h.Call("PUT", path, tc.body, &p)
			harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, tc.field)
			resp = h.Call("POST", "/api/v1/workflow-templates", map[string]any{"name": "T " + tc.name, "statuses": tc.body}, &p)
			assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "templates validate the same way")
		})
	}
	var p harness.Problem
	resp := h.Call("POST", "/api/v1/workflow-templates", map[string]any{"name": " ", "statuses": domain.DefaultWorkflow().Statuses}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "name")
	var after workflowBody
	h.Call("GET", path, nil, &after)
	assert.Equal(t, before, after, "a refused definition writes nothing")

	for _, u := range []struct{ method, path string }{
		{"GET", "/api/v1/campaigns/" + uuid.NewString() + "/workflow"},
		{"POST", "/api/v1/campaigns/" + uuid.NewString() + "/workflow/reload"},
		{"GET", "/api/v1/workflow-templates/" + uuid.NewString()},
		{"DELETE", "/api/v1/workflow-templates/" + uuid.NewString()},
	} {
		resp := h.Call(u.method, u.path, nil, &p)
		harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	}
	resp = h.Call("PUT", "/api/v1/workflow-templates/"+uuid.NewString(), map[string]any{"name": "X", "statuses": domain.DefaultWorkflow().Statuses}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
	resp = h.Call("PUT", "/api/v1/campaigns/"+uuid.NewString()+"/workflow", map[string]any{"statuses": domain.DefaultWorkflow().Statuses}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusNotFound, "")
}

// A cancelled campaign is final: its workflow no longer changes. A completed
// one runs a published version, whose definition is frozen: a new version
// changes it before a restart.
func TestCampaignWorkflowAfterStages(t *testing.T) {
	h := harness.New(t)
	cancelled := h.CreateCampaign("Cancelled")["id"].(string)
	completed := h.CreateCampaign("Completed")["id"].(string)
	for _, id := range []string{cancelled, completed} {
		code, p := h.Move(id, "start")
		require.Equal(t, http.StatusOK, code, "%+v", p)
	}
	code, _ := h.Move(cancelled, "cancel")
	require.Equal(t, http.StatusOK, code)
	code, _ = h.Move(completed, "complete")
	require.Equal(t, http.StatusOK, code)
	body := map[string]any{"statuses": withStatus("Late reply")}

	var p harness.Problem
	resp := h.Call("PUT", "/api/v1/campaigns/"+cancelled+"/workflow", body, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "cancelled campaign is final")
	resp = h.Call("POST", "/api/v1/campaigns/"+cancelled+"/workflow/select", map[string]any{"template_id": domain.DefaultTemplateID}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")

	resp = h.Call("PUT", "/api/v1/campaigns/"+completed+"/workflow", body, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "create a new version")
	resp = h.Call("POST", "/api/v1/campaigns/"+completed+"/versions", nil, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	var wf workflowBody
	resp = h.Call("PUT", "/api/v1/campaigns/"+completed+"/workflow", body, &wf)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", wf)
	assert.Contains(t, statusNames(wf.WorkflowDef), "Late reply")
}

// A new definition must keep every status some participant holds; the
// refusal writes nothing.
func TestCampaignWorkflowKeepsStatusesInUse(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("In use")["id"].(string)
	path := "/api/v1/campaigns/" + id + "/workflow"
	resp := h.Call("PUT", path, map[string]any{"statuses": withStatus("Call back")}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.Contacts(2)}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	// Stands for a participant who reached Call back earlier in the campaign.
	_, err := h.Store.Pool().Exec(t.Context(), `UPDATE participants SET status = 'Call back'
		WHERE id = (SELECT id FROM participants WHERE campaign_id = $1 LIMIT 1)`, id)
	require.NoError(t, err)

	var p harness.Problem
	resp = h.Call("PUT", path, map[string]any{"statuses": domain.DefaultWorkflow().Statuses}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "Call back")
	resp = h.Call("POST", path+"/select", map[string]any{"template_id": domain.DefaultTemplateID}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	var wf workflowBody
	h.Call("GET", path, nil, &wf)
	assert.Contains(t, statusNames(wf.WorkflowDef), "Call back")

	var byStatus harness.Chart[domain.StatusCount]
	h.Call("GET", "/api/v1/campaigns/"+id+"/charts/participants-by-status", nil, &byStatus)
	assert.Equal(t, []domain.StatusCount{{Status: "Targeted", Count: 1}, {Status: "Call back", Count: 1}}, byStatus.Items)
}
