package api

import (
	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// campaignRecordOps: a campaign's charts, opportunities, versions, custom
// fields, settings and audience.
func campaignRecordOps() []operation {
	const c = domain.PrivCampaigns
	const id = "/api/v1/campaigns/:id"
	return []operation{
		{Method: "GET", Path: id + "/charts/participants-by-status", Priv: c, Summary: "Participants per status (statuses someone holds only)", Answer: statusChart{}},
		{Method: "GET", Path: id + "/charts/pipeline", Priv: c, Summary: "Expected revenue per opportunity stage (stages with opportunities only)", Answer: pipelineChart{}},
		{Method: "GET", Path: id + "/opportunities", Priv: c, Summary: "The campaign's opportunities, newest first",
			Query: defaultPage(), Answer: domain.Page[domain.Opportunity]{}},
		{Method: "GET", Path: "/api/v1/opportunities/:id", Priv: c, Summary: "Read an opportunity",
			Description: "An opportunity of a private campaign answers 404 to whoever may not see the campaign.", Answer: domain.Opportunity{}},
		{Method: "PATCH", Path: "/api/v1/opportunities/:id", Priv: c, Summary: "Edit an opportunity",
			Description: "Only an administrator may send locked (403). A locked opportunity refuses every other edit (409).",
			Body:        opportunityPatchDoc{}, Answer: domain.Opportunity{}, Fails: []int{409}},

		{Method: "GET", Path: id + "/versions", Priv: c, Summary: "List the campaign's versions, oldest first", Query: defaultPage(), Answer: domain.Page[app.VersionRecord]{}},
		{Method: "POST", Path: id + "/versions", Priv: c, Summary: "Create a Draft version from the current Published or Sundown one",
			Description: "The new version becomes the current one; 409 while the current version is a Draft or Test.", Status: 201, Answer: app.VersionRecord{}},
		{Method: "GET", Path: id + "/versions/:n", Priv: c, Summary: "Read a version", Answer: app.VersionRecord{}},
		{Method: "POST", Path: id + "/versions/:n/status", Priv: c, Summary: "Move a version to another status (Draft, Test, Published, Sundown, Deleted)",
			Description: "A move the version's life cycle does not allow answers 409.", Body: app.VersionStatusInput{}, Answer: app.VersionRecord{}},
		{Method: "PUT", Path: id + "/fields", Priv: c, Summary: "Replace the current version's custom fields",
			Description: "A Test version's answer warns of the running participants the edit does not reach.", Body: app.FieldsInput{}, Answer: app.FieldsEdit{}},

		{Method: "GET", Path: id + "/settings", Priv: c, Summary: "Read the campaign's settings (test recipients, audience schedule, sender)", Answer: domain.CampaignSettings{}},
		{Method: "PUT", Path: id + "/settings", Priv: c, Summary: "Change the campaign's settings",
			Description: "Fields left out (or null) keep their value; the audience schedule follows at once.", Body: app.SettingsPatch{}, Answer: domain.CampaignSettings{}},
		{Method: "GET", Path: id + "/audience", Priv: c, Summary: "Read the current version's audience, whether it is processed now and its schedule", Answer: app.AudienceView{}},
		{Method: "PUT", Path: id + "/audience", Priv: c, Summary: "Replace the current version's audience (Draft or Test only)",
			Description: "Group or filter changes apply from the schedule's next run.", Body: domain.Audience{}, Answer: app.AudienceEdit{}},
		{Method: "GET", Path: id + "/audience/preview", Priv: c, Summary: "Who the audience selects now, page by page, with the total count",
			Query: defaultPage(), Answer: app.AudiencePreview{}},
		{Method: "POST", Path: id + "/preview", Priv: c, Summary: "Render a template for one participant, as their email would be filled",
			Description: "A subject and body, or a document_id; a syntax error or a variable the campaign scope does not know answers 422 naming it.",
			Body:        app.PreviewInput{}, Answer: app.Preview{}},
		{Method: "POST", Path: id + "/audience/run", Priv: c, Summary: "Run the audience schedule now",
			Description: "409 while the audience is not processed (see GET .../audience).", Status: 202, Answer: domain.ScheduleState{}},
	}
}

// opportunityPatchDoc is the body of PATCH /opportunities/{id} (the handler
// reads it as an object of fields, domain.Opportunity.ApplyPatch).
type opportunityPatchDoc struct {
	Description     *string  `json:"description"`
	Stage           *string  `json:"stage"`
	ExpectedRevenue *float64 `json:"expected_revenue"`
	Probability     *int     `json:"probability"`
	CloseDate       *string  `json:"close_date"`
	// Locked may be sent by administrators only.
	Locked *bool `json:"locked"`
}
