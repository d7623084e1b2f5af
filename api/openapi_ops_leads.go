package api

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// leadOps: Integrated Lead Management, every endpoint needs the leads privilege.
func leadOps() []operation {
	const l = domain.PrivLeads
	const id = "/api/v1/leads/:id"
	return []operation{
		{Method: "GET", Path: "/api/v1/leads", Priv: l, Summary: "List leads: search, filters, chips and sort",
			Query: append(leadQueryParams(), defaultPage()...), Answer: page[leadView]{}},
		{Method: "POST", Path: "/api/v1/leads", Priv: l, Summary: "Create a lead",
			Description: "score, id, owner_id, created_by, created_at and updated_at are assigned by the system (422 when sent).",
			Body:        domain.LeadInput{}, Status: 201, Answer: leadView{}},
		{Method: "GET", Path: "/api/v1/leads/export.csv", Priv: l, Summary: "Export the leads the list's parameters select as CSV",
			Description: "columns=visible (the workspace's default columns), all, or column names separated by commas, in their order. No cell runs as a spreadsheet formula.",
			Query: append(leadQueryParams(), qParam("columns", "Which columns: visible, all, or column names separated by commas",
				openapi3.NewStringSchema().WithDefault("visible"))), AnswerMedia: []string{"text/csv"}},
		{Method: "GET", Path: "/api/v1/leads/charts/:chart", Priv: l, Summary: "One chart of the Leads workspace",
			Query: []*openapi3.Parameter{qInt("periods", "Over how many months (or weeks)", 12, 1, 120)}, Answer: leadChartDoc{}},
		{Method: "POST", Path: id + "/preview", Priv: l, Summary: "Render a template for this lead, as its email would be filled",
			Description: "A subject and body, or a document_id; a syntax error or a variable the lead scope does not know answers 422 naming it.",
			Body:        app.PreviewInput{}, Answer: app.Preview{}},
		{Method: "POST", Path: "/api/v1/leads/bulk-delete", Priv: l, Summary: "Delete many leads for good: all of them or, when one is unknown, none",
			Body: app.LeadIDs{}, Answer: deletedLeads{}, Fails: []int{404}},
		{Method: "POST", Path: "/api/v1/leads/assign-owner", Priv: l, Summary: "Give many leads a new owner as a batch process (a qualified lead refuses)",
			Body: app.BatchOwnerInput{}, Status: 202, Answer: domain.Batch{}},
		{Method: "POST", Path: "/api/v1/leads/email", Priv: l, Summary: "Send a merged email to each selected lead as a batch process",
			Description: "The body may carry images of up to 2 MB; attachments are documents with a Word, PDF or CSV file.",
			Body:        app.LeadEmailInput{}, Status: 202, Answer: domain.Batch{}},
		{Method: "POST", Path: "/api/v1/leads/print", Priv: l, Summary: "Print a document for each selected lead as a batch process",
			Description: "format is pdf or docx (docx needs a Word template); none is the document's own. The merged PDF is at /batch-processes/{id}/output.",
			Body:        app.LeadPrintInput{}, Status: 202, Answer: domain.Batch{}},
		{Method: "GET", Path: id, Priv: l, Summary: "Read a lead", Answer: leadView{}},
		{Method: "PATCH", Path: id, Priv: l, Summary: "Change a lead's fields or status (New to Qualifying, or Archived)",
			Description: "A qualified or archived lead refuses edits (409).", Body: domain.LeadPatch{}, Answer: leadView{}, Fails: []int{409}},
		{Method: "DELETE", Path: id, Priv: l, Summary: "Delete a lead for good", Status: 204},
		{Method: "PUT", Path: id + "/owner", Priv: l, Summary: "Give a lead a new owner", Body: app.OwnerInput{}, Answer: leadView{}, Fails: []int{409}},
		{Method: "POST", Path: id + "/archive", Priv: l, Summary: "Archive a lead", Answer: leadView{}},
		{Method: "POST", Path: id + "/convert", Priv: l, Summary: "Convert a lead into a contact (and company), optionally with an opportunity",
			Body: domain.ConvertInput{}, OptionalBody: true, Answer: convertedLead{}},
		{Method: "GET", Path: id + "/audit", Priv: l, Summary: "The lead's audit trail, oldest first", Query: defaultPage(), Answer: page[domain.AuditEntry]{}},
		{Method: "GET", Path: id + "/documents", Priv: l, Summary: "The PDFs printed for the lead",
			Description: "Download each at /api/v1/generated-documents/{id}/pdf.", Answer: page[domain.GeneratedDocument]{}},
		{Method: "GET", Path: id + "/activities", Priv: l, Summary: "The lead's activities", Answer: page[domain.LeadActivity]{}},
		{Method: "POST", Path: id + "/activities", Priv: l, Summary: "Add an activity (task, call, meeting) to a lead",
			Body: app.ActivityInput{}, Status: 201, Answer: domain.LeadActivity{}, Fails: []int{409}},
		{Method: "PATCH", Path: id + "/activities/:aid", Priv: l, Summary: "Change a lead activity", Body: app.ActivityInput{}, Answer: domain.LeadActivity{}, Fails: []int{409}},
		{Method: "DELETE", Path: id + "/activities/:aid", Priv: l, Summary: "Delete a lead activity", Status: 204, Fails: []int{409}},
		{Method: "GET", Path: id + "/notes", Priv: l, Summary: "The lead's notes", Answer: page[domain.LeadNote]{}},
		{Method: "POST", Path: id + "/notes", Priv: l, Summary: "Add a note to a lead", Body: app.NoteInput{}, Status: 201, Answer: domain.LeadNote{}, Fails: []int{409}},
		{Method: "PATCH", Path: id + "/notes/:nid", Priv: l, Summary: "Change a lead note", Body: app.NoteInput{}, Answer: domain.LeadNote{}, Fails: []int{409}},
		{Method: "DELETE", Path: id + "/notes/:nid", Priv: l, Summary: "Delete a lead note", Status: 204, Fails: []int{409}},

		{Method: "POST", Path: "/api/v1/lead-imports", Priv: l, Summary: "Upload a CSV file of leads into the staging area",
			Description: "A header row of lead field names, then one lead per row; a lead export imports as it is. Each row is validated for review.",
			Query:       []*openapi3.Parameter{qString("file_name", "The uploaded file's name, shown with the import")},
			BodyMedia:   []string{"text/csv"}, Status: 201, Answer: domain.LeadImport{}},
		{Method: "GET", Path: "/api/v1/lead-imports/:id", Priv: l, Summary: "Read a lead import", Answer: domain.LeadImport{}},
		{Method: "GET", Path: "/api/v1/lead-imports/:id/rows", Priv: l, Summary: "The import's staged rows with their errors and possible duplicates",
			Query: defaultPage(), Answer: page[domain.ImportRow]{}},
		{Method: "PATCH", Path: "/api/v1/lead-imports/:id/rows/:row", Priv: l, Summary: "Correct a staged row: field values, skip, import a duplicate anyway",
			Body: app.ImportRowPatch{}, Answer: domain.ImportRow{}, Fails: []int{409}},
		{Method: "POST", Path: "/api/v1/lead-imports/:id/complete", Priv: l, Summary: "Import the staged rows as a batch process",
			Description: "409 once the import was completed.", Status: 202, Answer: domain.Batch{}},
	}
}

// leadAdminOps: lead settings and scoring rules.
func leadAdminOps() []operation {
	const l, admin = domain.PrivLeads, domain.PrivAdmin
	return []operation{
		{Method: "GET", Path: "/api/v1/lead-settings", Priv: l, Summary: "Read the lead settings (B2B mode)", Answer: app.LeadSettings{}},
		{Method: "PUT", Path: "/api/v1/lead-settings", Priv: admin, Summary: "Change the lead settings", Body: app.LeadSettingsInput{}, Answer: app.LeadSettings{}},
		{Method: "GET", Path: "/api/v1/lead-scoring-rules", Priv: l, Summary: "List the lead scoring rules", Answer: page[domain.ScoringRule]{}},
		{Method: "POST", Path: "/api/v1/lead-scoring-rules", Priv: admin, Summary: "Create a lead scoring rule",
			Body: app.ScoringRuleInput{}, Status: 201, Answer: domain.ScoringRule{}},
		{Method: "GET", Path: "/api/v1/lead-scoring-rules/:id", Priv: l, Summary: "Read a lead scoring rule", Answer: domain.ScoringRule{}},
		{Method: "PUT", Path: "/api/v1/lead-scoring-rules/:id", Priv: admin, Summary: "Replace a lead scoring rule", Body: app.ScoringRuleInput{}, Answer: domain.ScoringRule{}},
		{Method: "DELETE", Path: "/api/v1/lead-scoring-rules/:id", Priv: admin, Summary: "Delete a lead scoring rule", Status: 204},
	}
}

// leadQueryParams are the list's search, filter, chips and sort (leadQuery).
func leadQueryParams() []*openapi3.Parameter {
	return []*openapi3.Parameter{
		qString("q", "Text search"),
		qEnum("filter", "A saved view", store.LeadFilterAll, store.LeadFilterAll, store.LeadFilterMine, store.LeadFilterRecent, store.LeadFilterStale),
		qList("owner", "Only leads of these owners", openapi3.NewUUIDSchema()),
		qList("status", "Only leads in these statuses", openapi3.NewStringSchema().WithEnum(enum(domain.LeadNew, domain.LeadQualifying, domain.LeadQualified, domain.LeadArchived)...)),
		qList("source_type", "Only leads of these source types", openapi3.NewStringSchema()),
		qEnum("test", "Test leads: left out (exclude), shown too (include) or alone (only)", "exclude", "exclude", "include", "only"),
		qString("sort", "id, created_at, updated_at, score, last_name or first_name; - prefix for descending (default -created_at)"),
		qOptInt("score_min", "Only leads with at least this score", minInt4, maxInt4),
		qOptInt("score_max", "Only leads with at most this score", minInt4, maxInt4),
	}
}

// deletedLeads is the answer of POST /leads/bulk-delete.
type deletedLeads struct {
	Deleted int `json:"deleted"`
}

// convertedLead is the answer of POST /leads/{id}/convert.
type convertedLead struct {
	Lead           leadView `json:"lead"`
	ContactID      string   `json:"contact_id"`
	ContactCreated bool     `json:"contact_created"`
	CompanyID      string   `json:"company_id"`
	CompanyCreated bool     `json:"company_created"`
	OpportunityID  string   `json:"opportunity_id"`
}

// leadChartDoc is the answer of GET /leads/charts/{chart}.
type leadChartDoc struct {
	Chart   string             `json:"chart"`
	Periods int                `json:"periods"`
	Points  []store.ChartPoint `json:"points"`
}
