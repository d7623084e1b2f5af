package api_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
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
	h := newHarness(t)
	_, userToken := h.userWithToken("Campaign user", domain.PrivCampaigns)
	id := h.createCampaign("Workflow")["id"].(string)
	path := "/api/v1/campaigns/" + id + "/workflow"

	// A new campaign copies the "Default campaign workflow" template.
	var wf workflowBody
	resp := h.call("GET", path, nil, &wf)
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
	var p problemBody
	resp = h.call("POST", path+"/reload", nil, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "the template has not changed")

	// The campaign customises its own copy; a GET answer can be sent back.
	wf.Statuses = withStatus("Call back")
	resp = h.call("PUT", path, wf, &wf)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", wf)
	assert.Contains(t, statusNames(wf.WorkflowDef), "Call back")
	assert.Equal(t, 1, wf.TemplateVersion, "customising keeps the template link")

	// Only an administrator changes templates; each update is a new version.
	tmplPath := "/api/v1/workflow-templates/" + domain.DefaultTemplateID
	var tmpl domain.WorkflowTemplate
	resp = h.call("GET", tmplPath, nil, &tmpl)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 1, tmpl.Version)
	update := map[string]any{"name": domain.DefaultTemplateName, "statuses": withStatus("Webinar")}
	resp = h.callAs(userToken, "PUT", tmplPath, update, &p)
	expectProblem(t, resp, p, http.StatusForbidden, "")
	resp = h.call("PUT", tmplPath, update, &tmpl)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", tmpl)
	assert.Equal(t, 2, tmpl.Version)

	wf = workflowBody{}
	h.call("GET", path, nil, &wf)
	assert.True(t, wf.ReloadAvailable)
	assert.Equal(t, 2, wf.LatestTemplateVersion)
	resp = h.call("POST", path+"/reload", nil, &wf)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 2, wf.TemplateVersion)
	assert.Contains(t, statusNames(wf.WorkflowDef), "Webinar")
	assert.NotContains(t, statusNames(wf.WorkflowDef), "Call back", "reload resets every status")
	assert.False(t, wf.ReloadAvailable)
	resp = h.call("POST", path+"/reload", nil, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")

	// A new campaign copies the template's current version.
	other := h.createCampaign("Later")["id"].(string)
	var otherWF workflowBody
	h.call("GET", "/api/v1/campaigns/"+other+"/workflow", nil, &otherWF)
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
	resp = h.callAs(userToken, "POST", "/api/v1/workflow-templates", custom, &p)
	expectProblem(t, resp, p, http.StatusForbidden, "")
	var created domain.WorkflowTemplate
	resp = h.call("POST", "/api/v1/workflow-templates", custom, &created)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%+v", created)
	assert.Equal(t, 1, created.Version)
	resp = h.call("POST", "/api/v1/workflow-templates", custom, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")
	var list struct{ Items []domain.WorkflowTemplate }
	resp = h.callAs(userToken, "GET", "/api/v1/workflow-templates", nil, &list)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Len(t, list.Items, 2)

	resp = h.call("POST", path+"/select", map[string]any{"template_id": created.ID}, &wf)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", wf)
	assert.Equal(t, []string{"Targeted", "Contacted", "Accepted", "Declined"}, statusNames(wf.WorkflowDef))
	assert.Equal(t, "Event invitation", wf.Template)
	assert.Equal(t, created.ID, wf.TemplateID)
	resp = h.call("POST", path+"/select", map[string]any{"template_id": uuid.NewString()}, &p)
	expectProblem(t, resp, p, http.StatusUnprocessableEntity, "template_id")
	resp = h.call("POST", path+"/select", map[string]any{"template_id": "default"}, &p)
	expectProblem(t, resp, p, http.StatusUnprocessableEntity, "template_id")

	// A deleted template can no longer be reloaded; the default one cannot be deleted.
	resp = h.call("DELETE", tmplPath, nil, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")
	resp = h.callAs(userToken, "DELETE", "/api/v1/workflow-templates/"+created.ID, nil, &p)
	expectProblem(t, resp, p, http.StatusForbidden, "")
	resp = h.call("DELETE", "/api/v1/workflow-templates/"+created.ID, nil, nil)
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	resp = h.call("POST", path+"/reload", nil, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "not linked to a template")
	wf = workflowBody{}
	h.call("GET", path, nil, &wf)
	assert.Equal(t, []string{"Targeted", "Contacted", "Accepted", "Declined"}, statusNames(wf.WorkflowDef), "the copy stays")
}

func TestCampaignWorkflowValidation(t *testing.T) {
	h := newHarness(t)
	id := h.createCampaign("Validation")["id"].(string)
	path := "/api/v1/campaigns/" + id + "/workflow"
	var before workflowBody
	h.call("GET", path, nil, &before)

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
			var p problemBody
			resp := h.call("PUT", path, tc.body, &p)
			expectProblem(t, resp, p, http.StatusUnprocessableEntity, tc.field)
			resp = h.call("POST", "/api/v1/workflow-templates", map[string]any{"name": "T " + tc.name, "statuses": tc.body}, &p)
			assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "templates validate the same way")
		})
	}
	var p problemBody
	resp := h.call("POST", "/api/v1/workflow-templates", map[string]any{"name": " ", "statuses": domain.DefaultWorkflow().Statuses}, &p)
	expectProblem(t, resp, p, http.StatusUnprocessableEntity, "name")
	var after workflowBody
	h.call("GET", path, nil, &after)
	assert.Equal(t, before, after, "a refused definition writes nothing")

	for _, u := range []struct{ method, path string }{
		{"GET", "/api/v1/campaigns/" + uuid.NewString() + "/workflow"},
		{"POST", "/api/v1/campaigns/" + uuid.NewString() + "/workflow/reload"},
		{"GET", "/api/v1/workflow-templates/" + uuid.NewString()},
		{"DELETE", "/api/v1/workflow-templates/" + uuid.NewString()},
	} {
		resp := h.call(u.method, u.path, nil, &p)
		expectProblem(t, resp, p, http.StatusNotFound, "")
	}
	resp = h.call("PUT", "/api/v1/workflow-templates/"+uuid.NewString(), map[string]any{"name": "X", "statuses": domain.DefaultWorkflow().Statuses}, &p)
	expectProblem(t, resp, p, http.StatusNotFound, "")
	resp = h.call("PUT", "/api/v1/campaigns/"+uuid.NewString()+"/workflow", map[string]any{"statuses": domain.DefaultWorkflow().Statuses}, &p)
	expectProblem(t, resp, p, http.StatusNotFound, "")
}

// A cancelled campaign is final: its workflow no longer changes. A completed
// one runs a published version, whose definition is frozen: a new version
// changes it before a restart.
func TestCampaignWorkflowAfterStages(t *testing.T) {
	h := newHarness(t)
	cancelled := h.createCampaign("Cancelled")["id"].(string)
	completed := h.createCampaign("Completed")["id"].(string)
	for _, id := range []string{cancelled, completed} {
		code, p := h.move(id, "start")
		require.Equal(t, http.StatusOK, code, "%+v", p)
	}
	code, _ := h.move(cancelled, "cancel")
	require.Equal(t, http.StatusOK, code)
	code, _ = h.move(completed, "complete")
	require.Equal(t, http.StatusOK, code)
	body := map[string]any{"statuses": withStatus("Late reply")}

	var p problemBody
	resp := h.call("PUT", "/api/v1/campaigns/"+cancelled+"/workflow", body, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "cancelled campaign is final")
	resp = h.call("POST", "/api/v1/campaigns/"+cancelled+"/workflow/select", map[string]any{"template_id": domain.DefaultTemplateID}, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")

	resp = h.call("PUT", "/api/v1/campaigns/"+completed+"/workflow", body, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "create a new version")
	resp = h.call("POST", "/api/v1/campaigns/"+completed+"/versions", nil, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	var wf workflowBody
	resp = h.call("PUT", "/api/v1/campaigns/"+completed+"/workflow", body, &wf)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", wf)
	assert.Contains(t, statusNames(wf.WorkflowDef), "Late reply")
}

// A new definition must keep every status some participant holds; the
// refusal writes nothing.
func TestCampaignWorkflowKeepsStatusesInUse(t *testing.T) {
	h := newHarness(t)
	id := h.createCampaign("In use")["id"].(string)
	path := "/api/v1/campaigns/" + id + "/workflow"
	resp := h.call("PUT", path, map[string]any{"statuses": withStatus("Call back")}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp = h.call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.contacts(2)}, nil)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	// Stands for a participant who reached Call back earlier in the campaign.
	_, err := h.st.Pool().Exec(t.Context(), `UPDATE participants SET status = 'Call back'
		WHERE id = (SELECT id FROM participants WHERE campaign_id = $1 LIMIT 1)`, id)
	require.NoError(t, err)

	var p problemBody
	resp = h.call("PUT", path, map[string]any{"statuses": domain.DefaultWorkflow().Statuses}, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")
	assert.Contains(t, p.Detail, "Call back")
	resp = h.call("POST", path+"/select", map[string]any{"template_id": domain.DefaultTemplateID}, &p)
	expectProblem(t, resp, p, http.StatusConflict, "")
	var wf workflowBody
	h.call("GET", path, nil, &wf)
	assert.Contains(t, statusNames(wf.WorkflowDef), "Call back")

	var byStatus chart[domain.StatusCount]
	h.call("GET", "/api/v1/campaigns/"+id+"/charts/participants-by-status", nil, &byStatus)
	assert.Equal(t, []domain.StatusCount{{Status: "Targeted", Count: 1}, {Status: "Call back", Count: 1}}, byStatus.Items)
}
