package api

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// campaignOps: campaigns, their stage, team, workflow, participants and the
// workflow templates.
func campaignOps() []operation {
	const c = domain.PrivCampaigns
	const id = "/api/v1/campaigns/:id"
	return []operation{
		{Method: "GET", Path: "/api/v1/campaigns", Priv: c, Summary: "List campaigns",
			Description: "Private campaigns are listed only for administrators, their creator, manager and team.",
			Query: []*openapi3.Parameter{
				qString("q", "Word-prefix text search over name and description"),
				qUUID("manager_id", "Only campaigns of this manager"),
				qEnum("stage", "Only campaigns in this stage", "", enum(domain.StagePlanning, domain.StageInProgress, domain.StageCompleted, domain.StageCancelled)...),
				qString("priority", "Only campaigns of this priority: A, B or C"),
				qEnum("sort", "Sort field, - prefix for descending", domain.DefaultCampaignSort, campaignSorts()...),
				qInt("limit", "How many campaigns one page holds", domain.DefaultPageLimit, 1, domain.MaxPageLimit),
				qString("cursor", "next_cursor of the page before; an invalid one answers 422"),
			},
			Answer: store.CampaignPage{}},
		{Method: "POST", Path: "/api/v1/campaigns", Priv: c, Summary: "Create a campaign (stage planning, workflow copied from the default template)",
			Body: domain.CampaignInput{}, Status: 201, Answer: app.CampaignRecord{}},
		{Method: "GET", Path: id, Priv: c, Summary: "Read a campaign", Answer: app.CampaignRecord{}},
		{Method: "PATCH", Path: id, Priv: c, Summary: "Change some of a campaign's fields",
			Description: "Only the fields sent change; null clears an optional field; dates also as YYYY-MM-DD. stage is never settable (422).",
			Body:        campaignPatchDoc{}, Answer: app.CampaignRecord{}},
		{Method: "DELETE", Path: id, Priv: c, Summary: "Delete a campaign in planning, completed or cancelled",
			Description: "A campaign in progress, or one whose workflow is still winding down, answers 409.", Status: 204},
		{Method: "POST", Path: id + "/start", Priv: c, Summary: "Start the campaign (planning to in progress)",
			Description: "Moves every Targeted participant with an owner to Contacted and runs its actions; 409 from any other stage.",
			Answer:      app.MovedCampaign{}},
		{Method: "POST", Path: id + "/complete", Priv: c, Summary: "Complete the campaign (in progress to completed)", Answer: app.MovedCampaign{}},
		{Method: "POST", Path: id + "/cancel", Priv: c, Summary: "Cancel the campaign, which is final", Answer: app.MovedCampaign{}},

		{Method: "GET", Path: id + "/team", Priv: c, Summary: "List the team (Manager first)", Query: defaultPage(), Answer: domain.Page[domain.TeamMember]{}},
		{Method: "POST", Path: id + "/team", Priv: c, Summary: "Give a user a Sponsor or Support role",
			Description: "The Manager is the campaign's manager_id: adding a Manager answers 409 (PATCH the campaign instead).",
			Body:        domain.TeamMemberInput{}, Status: 201, Answer: domain.Page[domain.TeamMember]{}},
		{Method: "DELETE", Path: id + "/team/:user_id/:role", Priv: c, Summary: "Take a role away from a user",
			Description: "The Manager cannot be removed (409).", Status: 204},

		{Method: "GET", Path: id + "/workflow", Priv: c, Summary: "Read the campaign's workflow definition", Answer: app.CampaignWorkflow{}},
		{Method: "PUT", Path: id + "/workflow", Priv: c, Summary: "Replace the campaign's statuses",
			Description: "409 for a cancelled campaign, or when a status some participant holds is missing. The read-only fields of a GET answer are accepted and ignored.",
			Body:        app.WorkflowInput{}, Answer: app.CampaignWorkflow{}},
		{Method: "POST", Path: id + "/workflow/select", Priv: c, Summary: "Load a template (resets every status)",
			Body: app.SelectTemplateInput{}, Answer: app.CampaignWorkflow{}},
		{Method: "POST", Path: id + "/workflow/reload", Priv: c, Summary: "Load the newer version of the campaign's template (resets every status)",
			Description: "409 \"the template has not changed\" unless the template's version is newer than the copy's.",
			Answer:      app.CampaignWorkflow{}},

		{Method: "GET", Path: id + "/participants", Priv: c, Summary: "List the campaign's participants",
			Query: append(defaultPage(), qString("status", "Only participants in this status")), Answer: domain.Page[domain.Participant]{}},
		{Method: "POST", Path: id + "/participants", Priv: c, Summary: "Add contacts as participants, by id or with a predefined filter",
			Body: app.AddParticipantsInput{}, Status: 201, Answer: app.Added{}},
		{Method: "DELETE", Path: id + "/participants", Priv: c, Summary: "Remove every participant", Answer: app.RemovedAll{}},
		{Method: "PATCH", Path: id + "/participants/:pid", Priv: c, Summary: "Change a participant's status or owner",
			Description: "The status change is validated by the participant's workflow: a move the campaign's status workflow does not allow answers 409.",
			Body:        domain.ParticipantChange{}, Answer: domain.Participant{}},
		{Method: "DELETE", Path: id + "/participants/:pid", Priv: c, Summary: "Remove a participant", Status: 204},
		{Method: "POST", Path: id + "/participants/status", Priv: c, Summary: "Change many participants' status as a batch process",
			Body: app.StatusBatchInput{}, Status: 202, Answer: domain.Batch{}},
		{Method: "GET", Path: id + "/documents", Priv: c, Summary: "List the documents of the campaign's folder", Query: defaultPage(), Answer: domain.Page[domain.Document]{}},
		{Method: "POST", Path: id + "/documents/:doc_id/email", Priv: c, Summary: "Email a document of the campaign's folder to participants as a batch process",
			Description: "No participant_ids (or no body) means every participant. 409 for a cancelled campaign or one without participants.",
			Body:        app.DocumentEmailInput{}, OptionalBody: true, Status: 202, Answer: domain.Batch{}},

		{Method: "GET", Path: "/api/v1/workflow-templates", Priv: c, Summary: "List workflow templates", Query: defaultPage(), Answer: domain.Page[domain.WorkflowTemplate]{}},
		{Method: "POST", Path: "/api/v1/workflow-templates", Priv: domain.PrivAdmin, Summary: "Create a workflow template",
			Body: domain.WorkflowTemplateInput{}, Status: 201, Answer: domain.WorkflowTemplate{}},
		{Method: "GET", Path: "/api/v1/workflow-templates/:id", Priv: c, Summary: "Read a workflow template", Answer: domain.WorkflowTemplate{}},
		{Method: "PUT", Path: "/api/v1/workflow-templates/:id", Priv: domain.PrivAdmin, Summary: "Replace a workflow template; its version grows by one",
			Description: "Campaigns that copied it may reload it (POST .../workflow/reload).",
			Body:        domain.WorkflowTemplateInput{}, Answer: domain.WorkflowTemplate{}, Fails: []int{409}},
		{Method: "DELETE", Path: "/api/v1/workflow-templates/:id", Priv: domain.PrivAdmin, Summary: "Delete a workflow template (not the default one)",
			Status: 204, Fails: []int{409}},
	}
}

// campaignSorts lists the values of the campaign list's sort parameter.
func campaignSorts() []any {
	var out []any
	for _, f := range domain.CampaignSorts {
		out = append(out, f, "-"+f)
	}
	return out
}

// campaignPatchDoc is the body of PATCH /campaigns/{id} (the handler reads
// it as an object of fields, domain.CampaignInput.ApplyPatch): null clears
// an optional field.
type campaignPatchDoc struct {
	Name            *string `json:"name"`
	Priority        *string `json:"priority"`
	ManagerID       *string `json:"manager_id"`
	StartDate       *string `json:"start_date"`
	EndDate         *string `json:"end_date"`
	FolderID        *string `json:"folder_id"`
	AllocationModel *string `json:"allocation_model"`
	AllocationRole  *string `json:"allocation_role"`
	Description     *string `json:"description"`
	Security        *string `json:"security"`
}
