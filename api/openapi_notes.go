package api

import (
	"github.com/drumbeat-crm/drumbeat/domain"
)

// typeNotes document Go types beyond what reflection sees, by the type's
// name ("domain.Stage"): mostly the values of a string type, listed from
// the constants themselves.
var typeNotes = map[string]note{
	"domain.Stage": {desc: "The campaign's stage; it changes through start, complete and cancel only",
		enum: enum(domain.StagePlanning, domain.StageInProgress, domain.StageCompleted, domain.StageCancelled)},
	"domain.Priority":      {enum: []any{"A", "B", "C"}},
	"domain.TeamRole":      {enum: enum(domain.RoleManager, domain.RoleSponsor, domain.RoleSupport)},
	"domain.VersionStatus": {enum: enum(domain.VersionDraft, domain.VersionTest, domain.VersionPublished, domain.VersionSundown, domain.VersionDeleted)},
	"domain.LeadStatus":    {enum: enum(domain.LeadNew, domain.LeadQualifying, domain.LeadQualified, domain.LeadArchived)},
	"domain.DripStatus": {enum: enum(domain.DripScheduled, domain.DripActive, domain.DripPaused, domain.DripFinished,
		domain.DripRemoved)},
	"domain.StepStatus":     {enum: enum(domain.StepPending, domain.StepDone, domain.StepSkipped)},
	"domain.DripOrigin":     {enum: enum(domain.DripManual, domain.DripTriggered)},
	"domain.DripActionKind": {enum: enum(domain.DripEmail, domain.DripTask, domain.DripSMS)},
	"domain.ActionKind": {enum: enum(domain.ActionTask, domain.ActionMeeting, domain.ActionOpportunity, domain.ActionPrint,
		domain.ActionEmail, domain.ActionActivityPlan, domain.ActionSMS, domain.ActionPoints, domain.ActionEngagement)},
	"domain.BatchStatus": {enum: enum(domain.BatchPending, domain.BatchRunning, domain.BatchCompleted, domain.BatchFailed)},
	"domain.ItemStatus":  {enum: enum(domain.ItemPending, domain.ItemSucceeded, domain.ItemFailed, domain.ItemSkipped)},
}

// fieldNotes document fields, by the Go type's name and the JSON name
// ("domain.CampaignInput.security").
var fieldNotes = map[string]note{
	"domain.CampaignInput.security": {desc: "public (the default) or private: a private campaign is seen only by administrators, its creator, manager and team"},
	"domain.Campaign.security":      {enum: []any{"public", "private"}},
	"domain.Campaign.participants":  {desc: "How many participants the campaign has"},
	"domain.ParticipantStatus.next": {desc: "The statuses allowed next; none means final"},
	"domain.Action.format": {desc: "What a print action produces: pdf or docx (docx needs a Word template); empty is the document's own format",
		enum: []any{"", "pdf", "docx"}},
	"api.workflowInput.statuses":         {desc: "Must include Targeted and Contacted"},
	"api.campaignWorkflowView.warning":   {desc: "After an edit of a Test version: the running participants the edit does not reach"},
	"api.campaignPatchDoc.start_date":    {desc: "A date (YYYY-MM-DD) or a date-time; null clears it"},
	"api.campaignPatchDoc.end_date":      {desc: "A date (YYYY-MM-DD) or a date-time; null clears it"},
	"api.opportunityPatchDoc.locked":     {desc: "Administrators only (403 for anyone else)"},
	"api.opportunityPatchDoc.close_date": {desc: "A date (YYYY-MM-DD); null clears it"},
	"domain.IssuedToken.token":           {desc: "The secret to send as Authorization: Bearer <token>; shown only once"},
	"api.leadView.phone_display":         {desc: "The phone in display form"},
	"api.leadView.phone_country":         {desc: "The phone's country, or Unspecified when the number is kept as entered"},
}
