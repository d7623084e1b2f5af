package campaigns

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// fieldErrors maps a problem's fields to their messages.
func fieldErrors(p harness.Problem) map[string]string {
	out := map[string]string{}
	for _, e := range p.Errors {
		out[e.Field] = e.Message
	}
	return out
}

// TestSavingATemplateAnswers422NamingTheProblem: a workflow definition, a
// drip step, a document and a lead batch email with an unknown variable or
// a syntax error are refused with 422 naming the field and the variable or
// the place of the error; nothing is saved.
func TestSavingATemplateAnswers422NamingTheProblem(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Templates")["id"].(string)
	def := domain.DefaultWorkflow()
	def.Statuses[1].Actions[0].Body = "Dear {{frist_name}},"
	def.Statuses[1].Actions[0].Subject = "News {{ campaign | shout }}"
	var p harness.Problem
	require.Equal(t, http.StatusUnprocessableEntity, h.Call("PUT", "/api/v1/campaigns/"+id+"/workflow", map[string]any{"statuses": def.Statuses}, &p).StatusCode)
	errs := fieldErrors(p)
	assert.Contains(t, errs["statuses[1].actions[0].body"], "unknown variable {{frist_name}}")
	assert.Contains(t, errs["statuses[1].actions[0].subject"], `template syntax error at line 1, column 20: unknown filter "shout"`)
	var wf map[string]any
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/campaigns/"+id+"/workflow", nil, &wf).StatusCode)
	assert.NotContains(t, fmt.Sprint(wf), "frist_name", "nothing saved")

	p = harness.Problem{}
	require.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", "/api/v1/drip-campaigns", map[string]any{"name": "Bad drip",
		"steps": []map[string]any{{"name": "Hi", "action": "email", "subject": "Hi", "body": "Hello {{first_name"}}}, &p).StatusCode)
	assert.Contains(t, fieldErrors(p)["steps[0].body"], "{{ is not closed")

	var f domain.Folder
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/folders", map[string]any{"name": "Letters"}, &f).StatusCode)
	p = harness.Problem{}
	require.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", "/api/v1/folders/"+f.ID+"/documents",
		map[string]any{"name": "Letter", "body": "Dear {{shoeSize}}"}, &p).StatusCode)
	assert.Contains(t, fieldErrors(p)["body"], "unknown variable {{shoeSize}}")

	p = harness.Problem{}
	require.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", "/api/v1/leads/email", map[string]any{"lead_ids": []int64{1},
		"subject": "For {{campaignName}}", "body": "<p>Hi</p>"}, &p).StatusCode)
	assert.Contains(t, fieldErrors(p)["subject"], "unknown variable {{campaignName}}", "a lead has no campaign name")
}

// TestPreviewRendersForAParticipantOrALead: a template, or a document of the
// campaign's folder, rendered for one participant as its email would be
// (HTML with its text alternative), and for a lead; bad templates and ids
// in the body are 422, an unknown lead 404, an outsider of a private
// campaign 404.
func TestPreviewRendersForAParticipantOrALead(t *testing.T) {
	h := harness.New(t)
	f := h.PrivateCampaign("Preview", 1)
	pid := f.Participants[0].ID
	path := "/api/v1/campaigns/" + f.ID + "/preview"

	var pv app.Preview
	require.Equal(t, http.StatusOK, h.Call("POST", path, map[string]any{"participant_id": pid,
		"subject": "{{ campaign_name }} for {{first_name | upper}}",
		"body":    "<p>Dear {{ first_name }} {{ last_name | default \"friend\" }},</p><p>{{ phone | default \"no phone\" }}</p>"}, &pv).StatusCode)
	assert.Equal(t, "Preview for FIRST0", pv.Subject)
	assert.Equal(t, "<p>Dear First0 Last,</p><p>no phone</p>", pv.HTML)
	assert.Equal(t, "Dear First0 Last,\nno phone", pv.Text)
	assert.Contains(t, pv.Variables, "nameFirst")
	assert.NotContains(t, pv.Variables, "company", "a campaign email's variables are a contact's")

	pv = app.Preview{}
	require.Equal(t, http.StatusOK, h.Call("POST", path, map[string]any{"participant_id": pid, "document_id": f.DocID}, &pv).StatusCode)
	assert.Equal(t, "A note for First0", pv.Subject)
	assert.Equal(t, "Hello First0, from Preview.", pv.Text)
	assert.Empty(t, pv.HTML)

	elsewhere := h.Document("Elsewhere", "x", "y", "", nil)
	for name, tc := range map[string]struct {
		body  map[string]any
		field string
	}{
		"unknown variable":     {map[string]any{"participant_id": pid, "body": "{{company}}"}, "body"},
		"syntax error":         {map[string]any{"participant_id": pid, "subject": "{{ first_name"}, "subject"},
		"no participant":       {map[string]any{"body": "Hi"}, "participant_id"},
		"foreign participant":  {map[string]any{"participant_id": uuid.NewString(), "body": "Hi"}, "participant_id"},
		"document elsewhere":   {map[string]any{"participant_id": pid, "document_id": elsewhere}, "document_id"},
		"document and body":    {map[string]any{"participant_id": pid, "document_id": f.DocID, "body": "Hi"}, "document_id"},
		"nothing to render":    {map[string]any{"participant_id": pid}, "body"},
		"a participant's name": {map[string]any{"participant_id": "First0", "body": "Hi"}, "participant_id"},
	} {
		var p harness.Problem
		require.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", path, tc.body, &p).StatusCode, name)
		assert.Contains(t, fieldErrors(p), tc.field, "%s: %v", name, p.Errors)
	}
	resp := h.CallAs(f.OutsiderToken, "POST", path, map[string]any{"participant_id": pid, "body": "Hi"}, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "an outsider of a private campaign")

	lead := h.LeadBody("Lena", "Preview")
	lead["company"] = "Lena & Co"
	l := h.CreateLead(lead)
	pv = app.Preview{}
	require.Equal(t, http.StatusOK, h.Call("POST", harness.LeadPath(l.ID, "/preview"), map[string]any{"subject": "Hi {{nameFirst}}",
		"body": "<p>{{company}} in {{ address_city | default \"town\" }}</p>"}, &pv).StatusCode)
	assert.Equal(t, "Hi Lena", pv.Subject)
	assert.Equal(t, "<p>Lena &amp; Co in town</p>", pv.HTML, "values are escaped in HTML")
	assert.Equal(t, "Lena & Co in town", pv.Text)
	var p harness.Problem
	require.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", harness.LeadPath(l.ID, "/preview"), map[string]any{"body": "{{campaignName}}"}, &p).StatusCode)
	assert.Contains(t, fieldErrors(p)["body"], "unknown variable {{campaignName}}")
	require.Equal(t, http.StatusNotFound, h.Call("POST", harness.LeadPath(987654321, "/preview"), map[string]any{"body": "Hi"}, nil).StatusCode)
}

// TestHTMLCampaignEmailsCarryATextAlternative: a campaign action's HTML
// body is sent as HTML (values escaped) with a generated plain-text part.
func TestHTMLCampaignEmailsCarryATextAlternative(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Rich & rare")["id"].(string)
	def := domain.DefaultWorkflow()
	def.Statuses[1].Actions[0].Body = "<p>Dear <b>{{ first_name | upper }}</b>,</p><p>news of {{campaignName}}</p>"
	h.SetWorkflow(id, def)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.Contacts(1)}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		in := workertest.Inbox(t, h.Suffix)
		return len(in) == 1, fmt.Sprint(len(in), " messages")
	})
	m := workertest.Inbox(t, h.Suffix)[0]
	assert.Contains(t, m.Raw, "text/html")
	assert.Contains(t, m.Raw, "<b>FIRST0</b>")
	assert.Contains(t, m.Raw, "news of Rich &amp; rare")
	assert.True(t, strings.Contains(m.Text, "Dear FIRST0,") && strings.Contains(m.Text, "news of Rich & rare"), m.Text)
}
