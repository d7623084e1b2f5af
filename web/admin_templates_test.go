package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// TestWorkflowTemplateEditor: a new template whose next status names no
// status of it is refused with the error beside that status's next
// statuses, and a number that is not one beside its action field; nothing
// is saved until both are fixed. A campaign then selects the template
// through the API and follows its statuses; an edit makes version 2, which
// the campaign may reload. The default template offers no Delete and a
// forged delete is refused with the reason; another template is deleted.
func TestWorkflowTemplateEditor(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	adm := srv.User(t, "Ada Admin", password, domain.PrivAdmin)
	b := openSignedIn(t, srv, adm.Email)

	assert.EqualValues(t, 200, b.Open("/admin"))
	require.Equal(t, "/admin/workflow-templates", b.Path())
	assert.Equal(t, "Administration", b.Text("nav.nav a.active"))
	assert.Equal(t, []string{"Default campaign workflow Default"}, b.Texts("#templates td.name"))

	assert.EqualValues(t, 200, b.Click("#add-template"))
	assert.Equal(t, "Contacted", valueOf(b, "s.0.next"), "a new template starts with Targeted -> Contacted")
	b.Fill(fields("name", "Webinar follow-up", "description", "After the webinar",
		"s.1.next", "Atended\nDon't contact me", "s.2.name", "Attended", "s.2.next", "Don't contact me"))
	assert.EqualValues(t, 200, b.Click("#add-status"), "Add status posts the form back with one more row")
	b.Fill(fields("s.3.name", "Don't contact me"))
	assert.EqualValues(t, 200, b.Click(`button[name=more][value="action.2"]`))
	b.Fill(fields("s.2.a.0.kind", "task", "s.2.a.0.subject", "Send the recording", "s.2.a.0.due_in_days", "1.5"))

	assert.EqualValues(t, 422, b.Click("#save-template"))
	assert.Equal(t, `"Atended" is not a status of this workflow.`, errorBeside(b, "s.1.next"))
	assert.Contains(t, webtest.Eval[string](b, `document.getElementById("e-s.1.next").closest(".field").className`), "invalid")
	assert.Equal(t, "Enter a whole number.", errorBeside(b, "s.2.a.0.due_in_days"))
	assert.Empty(t, errorBeside(b, "s.2.name"), "the other fields have no error")
	assert.Equal(t, "Attended", valueOf(b, "s.2.name"), "what was typed stays")
	assert.Equal(t, "Send the recording", valueOf(b, "s.2.a.0.subject"))
	ts, err := srv.Store.ListTemplates(t.Context())
	require.NoError(t, err)
	assert.Len(t, ts, 1, "nothing was saved")
	b.Screenshot("template-with-errors")

	b.Fill(fields("s.1.next", "Attended\nDon't contact me", "s.2.a.0.due_in_days", "2"))
	assert.EqualValues(t, 200, b.Click("#save-template"))
	assert.Equal(t, "Workflow template “Webinar follow-up” saved (version 1).", b.Text(".flash"))
	id := strings.TrimPrefix(b.Path(), "/admin/workflow-templates/")
	require.True(t, domain.IsUUID(id), b.Path())
	tmpl, err := srv.Store.GetTemplate(t.Context(), id)
	require.NoError(t, err)
	require.Len(t, tmpl.Statuses, 4)
	assert.Equal(t, []string{"Attended", "Don't contact me"}, tmpl.Statuses[1].Next)
	assert.Equal(t, []domain.Action{{Kind: domain.ActionTask, Subject: "Send the recording", DueInDays: 2}}, tmpl.Statuses[2].Actions)

	// Use it: a campaign selects it through the JSON API and follows it.
	camp := srv.Campaign(t, adm.ID, domain.CampaignInput{Name: "Webinar", Priority: "A", ManagerID: adm.ID})
	tok, err := srv.Store.IssueToken(t.Context(), adm.ID, domain.TokenInput{Label: "test"})
	require.NoError(t, err)
	status, body := apiCall(t, srv.URL, tok.Secret, "POST", "/api/v1/campaigns/"+camp+"/workflow/select", `{"template_id":"`+id+`"}`)
	require.Equal(t, http.StatusOK, status, body)
	w, err := srv.Store.GetCampaignWorkflow(t.Context(), camp)
	require.NoError(t, err)
	assert.Equal(t, "Webinar follow-up", w.Def.Template)
	assert.NoError(t, w.Def.CanMove("Contacted", "Attended"))
	assert.Error(t, w.Def.CanMove("Attended", "Contacted"), "only the template's next statuses are allowed")

	// An edit is version 2: the campaign may reload it.
	b.Fill(fields("s.2.next", "Don't contact me\nContacted"))
	assert.EqualValues(t, 200, b.Click("#save-template"))
	assert.Equal(t, "Workflow template “Webinar follow-up” saved (version 2).", b.Text(".flash"))
	status, body = apiCall(t, srv.URL, tok.Secret, "GET", "/api/v1/campaigns/"+camp+"/workflow", "")
	require.Equal(t, http.StatusOK, status, body)
	var view struct {
		ReloadAvailable bool `json:"reload_available"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &view))
	assert.True(t, view.ReloadAvailable)

	// The default template cannot be deleted.
	b.Open("/admin/workflow-templates/" + domain.DefaultTemplateID)
	assert.Empty(t, b.Texts("#delete-template"), "no Delete button on the default template")
	assert.Contains(t, b.Text("#default-note"), "cannot be deleted")
	assert.EqualValues(t, 409, forgePost(b, "/admin/workflow-templates/"+domain.DefaultTemplateID+"/delete"))
	assert.Equal(t, "The default campaign workflow template cannot be deleted; edit it instead.", b.Text("#form-error"))
	_, err = srv.Store.GetTemplate(t.Context(), domain.DefaultTemplateID)
	require.NoError(t, err)

	b.Open("/admin/workflow-templates/" + id)
	assert.EqualValues(t, 200, b.Click("#delete-template"))
	assert.Equal(t, "/admin/workflow-templates", b.Path())
	assert.Equal(t, "Workflow template “Webinar follow-up” deleted.", b.Text(".flash"))
	assert.Equal(t, []string{"Default campaign workflow Default"}, b.Texts("#templates td.name"))
	assert.EqualValues(t, 404, b.Open("/admin/workflow-templates/"+id))
}
