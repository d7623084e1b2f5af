package web_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// teamRows are the Team Members card's rows as "name role".
func teamRows(b *webtest.Browser) []string {
	return webtest.Eval[[]string](b, `Array.from(document.querySelectorAll("#team tbody tr[data-role]"),
		r => r.querySelector("[data-label=Name]").innerText.trim() + " " + r.dataset.role)`)
}

// TestTeamMembers: the Team Members card adds a user as Sponsor and as
// Support (one user, two roles), refuses the same role twice with the
// reason, removes one role; the Manager has no Remove button, and a forged
// removal of the manager is refused with the reason.
func TestTeamMembers(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	bob := srv.User(t, "Bob Sponsor", password, domain.PrivCampaigns)
	id := srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Team Effort", Priority: "B", ManagerID: ann.ID})
	b := openSignedIn(t, srv, ann.Email)
	b.Open("/campaigns/" + id)
	assert.Equal(t, []string{"Ann Manager Manager"}, teamRows(b))
	assert.Empty(t, b.Texts(`#team tr[data-role=Manager] [data-remove]`), "the Manager cannot be removed")
	assert.Equal(t, "Change with Edit", b.Text(`#team tr[data-role=Manager] td:last-child`))

	b.Fill(map[string]string{"#team-user_id": bob.ID, "#team-role": "Sponsor"})
	assert.EqualValues(t, 200, b.Click(`#add-member button[type=submit]`))
	assert.Equal(t, "Bob Sponsor added to the team as Sponsor.", b.Text(".flash-success"))
	b.Fill(map[string]string{"#team-user_id": bob.ID, "#team-role": "Support"})
	assert.EqualValues(t, 200, b.Click(`#add-member button[type=submit]`))
	assert.Equal(t, []string{"Ann Manager Manager", "Bob Sponsor Sponsor", "Bob Sponsor Support"}, teamRows(b))
	b.Fill(map[string]string{"#team-user_id": bob.ID, "#team-role": "Support"})
	assert.EqualValues(t, 200, b.Click(`#add-member button[type=submit]`))
	assert.Equal(t, "The user already holds the role Support on this campaign.", b.Text(".flash-error"))

	assert.EqualValues(t, 200, b.Click(`#team tr[data-role=Sponsor] [data-remove]`))
	assert.Equal(t, "Removed from the team as Sponsor.", b.Text(".flash-success"))
	assert.Equal(t, []string{"Ann Manager Manager", "Bob Sponsor Support"}, teamRows(b))

	// A removal of the manager made by hand (the page offers none).
	webtest.Eval[bool](b, `(() => { const f = document.querySelector("#team tr[data-role=Support] form");
		f.querySelector("[name=user_id]").value = "`+ann.ID+`"; f.querySelector("[name=role]").value = "Manager"; return true })()`)
	assert.EqualValues(t, 200, b.Click(`#team tr[data-role=Support] [data-remove]`))
	assert.Contains(t, b.Text(".flash-error"), "The campaign's Manager cannot be removed from the team")
	assert.Equal(t, []string{"Ann Manager Manager", "Bob Sponsor Support"}, teamRows(b))
}

// workflowStatuses are the Workflow card's statuses.
func workflowStatuses(b *webtest.Browser) []string { return b.Texts("#workflow td[data-label=Status]") }

// TestSelectAndReloadTemplate: Select loads another template's statuses,
// under the warning that customisations are lost; Reload appears only once
// the template changed, and loads its new version.
func TestSelectAndReloadTemplate(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	ann := srv.User(t, "Ann Manager", password, domain.PrivCampaigns)
	id := srv.Campaign(t, ann.ID, domain.CampaignInput{Name: "Event Invitations", Priority: "A", ManagerID: ann.ID})
	tmpl := uuid.NewString()
	statuses := func(extra ...domain.ParticipantStatus) []domain.ParticipantStatus {
		return append([]domain.ParticipantStatus{
			{Name: domain.StatusTargeted, Next: []string{domain.StatusContacted}},
			{Name: domain.StatusContacted, Next: []string{"Registered"}, Actions: []domain.Action{{Kind: domain.ActionTask, Subject: "Call"}}},
			{Name: "Registered"}}, extra...)
	}
	in := domain.WorkflowTemplateInput{Name: "Event workflow", Statuses: statuses()}
	in.Normalize()
	require.NoError(t, srv.Store.CreateTemplate(t.Context(), tmpl, in))

	b := openSignedIn(t, srv, ann.Email)
	b.Open("/campaigns/" + id)
	assert.Contains(t, workflowStatuses(b), "Not interested", "the default workflow")
	assert.Contains(t, b.Text("#workflow-warning"), "customisations you made are lost")
	assert.Empty(t, b.Texts("#reload-template"), "no reload while the template is unchanged")

	b.Fill(map[string]string{"#wf-template_id": tmpl})
	assert.EqualValues(t, 200, b.Click(`#select-template button[type=submit]`))
	assert.Equal(t, "Template “Event workflow” loaded: every status's configuration was reset.", b.Text(".flash-success"))
	assert.Equal(t, []string{"Targeted", "Contacted", "Registered"}, workflowStatuses(b))
	assert.Equal(t, "Create task", b.Text("#workflow tr:nth-child(2) td[data-label=Actions]"))
	assert.Equal(t, "Workflow · Event workflow (version 1)", b.Text("#workflow h2"))
	assert.Empty(t, b.Texts("#reload-template"))

	in.Statuses = statuses(domain.ParticipantStatus{Name: "Attended"})
	in.Statuses[2].Next = []string{"Attended"}
	in.Normalize()
	require.NoError(t, srv.Store.UpdateTemplate(t.Context(), tmpl, in))
	b.Open("/campaigns/" + id)
	assert.Contains(t, b.Text("#reload-template"), "now version 2")
	assert.EqualValues(t, 200, b.Click(`#reload-template button[type=submit]`))
	assert.Equal(t, "Template “Event workflow” reloaded: every status's configuration was reset.", b.Text(".flash-success"))
	assert.Equal(t, []string{"Targeted", "Contacted", "Registered", "Attended"}, workflowStatuses(b))
	assert.Empty(t, b.Texts("#reload-template"), "reloaded: nothing newer")

	// A cancelled campaign's workflow is final: the refusal says so.
	_, err := srv.App.MoveCampaign(t.Context(), ann, id, domain.StageInProgress)
	require.NoError(t, err)
	_, err = srv.App.MoveCampaign(t.Context(), ann, id, domain.StageCancelled)
	require.NoError(t, err)
	b.Open("/campaigns/" + id)
	b.Fill(map[string]string{"#wf-template_id": domain.DefaultTemplateID})
	assert.EqualValues(t, 200, b.Click(`#select-template button[type=submit]`))
	assert.Equal(t, "A cancelled campaign is final: its workflow cannot change.", b.Text(".flash-error"))
}
