package api

import (
	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// contactOps: contacts, their customer record, activities, coverage and
// drip enrollments; customer groups, drip campaigns, predefined filters and
// activity plan templates.
func contactOps() []operation {
	const c, m, admin, in = domain.PrivCampaigns, domain.PrivMarketing, domain.PrivAdmin, PrivSignedIn
	const id = "/api/v1/contacts/:id"
	const drip = id + "/drips/:campaignID"
	return []operation{
		{Method: "POST", Path: "/api/v1/contacts", Priv: in, Summary: "Create a contact",
			Description: "A contact that meets an active drip campaign's trigger criteria is enrolled in it (drips_started).",
			Body:        domain.ContactInput{}, Status: 201, Answer: app.SavedContact{}},
		{Method: "GET", Path: id, Priv: in, Summary: "Read a contact", Answer: domain.ContactProfile{}},
		{Method: "PATCH", Path: id, Priv: in, Summary: "Change some of a contact's fields",
			Description: "Only the fields sent change. A contact that comes to meet a drip campaign's trigger criteria is enrolled in it.",
			Body:        domain.ContactInput{}, Answer: app.SavedContact{}},
		{Method: "GET", Path: id + "/activities", Priv: c, Summary: "The contact's activities, newest first",
			Description: "Activities of private campaigns are listed only for who may see the campaign.",
			Query:       defaultPage(), Answer: page[domain.Activity]{}},
		{Method: "POST", Path: id + "/coverage", Priv: admin, Summary: "Give a user a coverage role on the contact",
			Body: domain.CoverageInput{}, Status: 201, Answer: coverageDoc{}},
		{Method: "GET", Path: id + "/customer", Priv: c, Summary: "Read the contact's customer status and groups", Answer: domain.Customer{}},
		{Method: "PATCH", Path: id + "/customer", Priv: c, Summary: "Set the contact's customer status and groups",
			Description: "status is Active, Inactive, or null (not a customer, and no groups); group_ids is the complete list; a field left out keeps its value.",
			Body:        customerPatchDoc{}, Answer: domain.Customer{}},

		{Method: "GET", Path: id + "/drips", Priv: in, Summary: "The contact's drip enrollments", Answer: enrollmentList{}},
		{Method: "GET", Path: id + "/drips/available", Priv: in, Summary: "Active drip campaigns the contact is not enrolled in", Answer: dripCampaignList{}},
		{Method: "POST", Path: id + "/drips", Priv: m, Summary: "Start a drip campaign for the contact",
			Description: "A start date in the past begins at once, a future one leaves the enrollment scheduled. 409 while an enrollment runs or the campaign is not active.",
			Body:        app.StartDripInput{}, Status: 201, Answer: domain.DripEnrollment{}},
		{Method: "DELETE", Path: id + "/drips", Priv: m, Summary: "Stop several enrollments at once",
			Description: "Every id is checked first: an unknown one stops none of them (422).",
			Body:        deleteSelectedInput{}, Answer: removedDrips{}, Fails: []int{409}},
		{Method: "GET", Path: drip, Priv: in, Summary: "Read the contact's enrollment in a drip campaign", Answer: domain.DripEnrollment{}},
		{Method: "GET", Path: drip + "/steps", Priv: in, Summary: "The enrollment's steps and their status", Answer: dripSteps{}},
		{Method: "POST", Path: drip + "/pause", Priv: m, Summary: "Pause the enrollment",
			Description: "A paused enrollment keeps its place and its trigger does not restart it; 409 when it is not running.", Answer: domain.DripEnrollment{}},
		{Method: "POST", Path: drip + "/run", Priv: m, Summary: "Resume a paused enrollment", Answer: domain.DripEnrollment{}},
		{Method: "POST", Path: drip + "/remove", Priv: m, Summary: "Remove the enrollment",
			Description: "Remove resets it: its trigger may start it again.", Answer: domain.DripEnrollment{}},
		{Method: "POST", Path: drip + "/steps/:step/skip", Priv: m, Summary: "Skip a pending step", Answer: dripSteps{}},
		{Method: "POST", Path: drip + "/steps/:step/run-again", Priv: m, Summary: "Run a done or skipped step again", Answer: dripSteps{}},

		{Method: "GET", Path: "/api/v1/customer-groups", Priv: c, Summary: "List customer groups", Answer: customerGroupList{}},
		{Method: "POST", Path: "/api/v1/customer-groups", Priv: c, Summary: "Create a customer group",
			Body: domain.CustomerGroupInput{}, Status: 201, Answer: domain.CustomerGroup{}},
		{Method: "GET", Path: "/api/v1/customer-groups/:id", Priv: c, Summary: "Read a customer group", Answer: domain.CustomerGroup{}},
		{Method: "PUT", Path: "/api/v1/customer-groups/:id", Priv: c, Summary: "Rename or describe a customer group",
			Body: domain.CustomerGroupInput{}, Answer: domain.CustomerGroup{}, Fails: []int{409}},
		{Method: "DELETE", Path: "/api/v1/customer-groups/:id", Priv: c, Summary: "Delete a customer group and its memberships",
			Description: "A group some campaign version targets is refused (409).", Status: 204, Fails: []int{409}},

		{Method: "GET", Path: "/api/v1/drip-campaigns", Priv: in, Summary: "List drip campaigns", Answer: dripCampaignList{}},
		{Method: "POST", Path: "/api/v1/drip-campaigns", Priv: m, Summary: "Create a drip campaign",
			Body: domain.DripCampaignInput{}, Status: 201, Answer: domain.DripCampaign{}},
		{Method: "GET", Path: "/api/v1/drip-campaigns/:id", Priv: in, Summary: "Read a drip campaign", Answer: domain.DripCampaign{}},
		{Method: "PUT", Path: "/api/v1/drip-campaigns/:id", Priv: m, Summary: "Replace a drip campaign",
			Description: "Running enrollments keep the steps they started with.", Body: domain.DripCampaignInput{}, Answer: domain.DripCampaign{}, Fails: []int{409}},
		{Method: "DELETE", Path: "/api/v1/drip-campaigns/:id", Priv: m, Summary: "Delete a drip campaign", Status: 204, Fails: []int{409}},

		{Method: "GET", Path: "/api/v1/predefined-filters", Priv: c, Summary: "List predefined contact filters", Answer: page[domain.PredefinedFilter]{}},
		{Method: "POST", Path: "/api/v1/predefined-filters", Priv: admin, Summary: "Create a predefined contact filter",
			Body: domain.PredefinedFilter{}, Status: 201, Answer: domain.PredefinedFilter{}},
		{Method: "GET", Path: "/api/v1/activity-plan-templates", Priv: c, Summary: "List activity plan templates", Answer: page[domain.PlanTemplate]{}},
		{Method: "POST", Path: "/api/v1/activity-plan-templates", Priv: admin, Summary: "Create an activity plan template",
			Body: domain.PlanTemplate{}, Status: 201, Answer: domain.PlanTemplate{}},
		{Method: "PATCH", Path: "/api/v1/activity-plan-templates/:id", Priv: admin, Summary: "Edit an activity plan template (name, steps, active)",
			Description: "Fields left out keep their value.", Body: domain.PlanTemplatePatch{}, Answer: domain.PlanTemplate{}},
	}
}

// coverageDoc is the answer of POST /contacts/{id}/coverage.
type coverageDoc struct {
	ContactID string `json:"contact_id"`
	UserID    string `json:"user_id"`
	Role      string `json:"role"`
}

// customerPatchDoc is the body of PATCH /contacts/{id}/customer
// (customerPatch, whose status the handler reads itself).
type customerPatchDoc struct {
	Status   *string   `json:"status"`
	GroupIDs *[]string `json:"group_ids"`
}

// enrollmentList is the answer of GET /contacts/{id}/drips.
type enrollmentList struct {
	Items []domain.DripEnrollment `json:"items"`
	Note  string                  `json:"note"`
}

// dripCampaignList is a list of drip campaigns.
type dripCampaignList struct {
	Items []domain.DripCampaign `json:"items"`
}

// dripSteps is an enrollment with its steps (writeSteps).
type dripSteps struct {
	Enrollment domain.DripEnrollment  `json:"enrollment"`
	Items      []domain.DripStepState `json:"items"`
}

// removedDrips is the answer of DELETE /contacts/{id}/drips.
type removedDrips struct {
	Removed        []string `json:"removed"`
	AlreadyRemoved []string `json:"already_removed"`
}
