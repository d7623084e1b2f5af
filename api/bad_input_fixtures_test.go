package api_test

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
)

// probeFixtures are one record of every kind a route's path can name, so
// that bad input reaches each handler past its lookups.
type probeFixtures struct {
	campaign, participant, folder, doc, contact, drip    string
	lead, activity, note, leadImport, batch, opportunity string
	group, template, rule, plan                          string
	leadID                                               int64
}

func newProbeFixtures(h *harness.Harness) probeFixtures {
	h.T.Helper()
	var fx probeFixtures
	fx.folder, _ = h.Folder()
	fx.doc = h.Document("Probe letter", "Hello {{nameFirst}}", "Dear {{nameFirst}}", "", nil)
	fx.campaign = h.NewCampaign(map[string]any{"name": "Probe", "priority": "A", "manager_id": h.Manager.ID, "folder_id": fx.folder})
	contacts := h.Contacts(2)
	require.Equal(h.T, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+fx.campaign+"/participants",
		map[string]any{"contact_ids": contacts}, nil).StatusCode)
	fx.participant = h.Participants(fx.campaign)[0].ID
	fx.contact = contacts[1]
	fx.drip = h.CreateDrip("Probe drip", []domain.DripStep{harness.EmailStep("Later", 30)}, nil).ID
	resp, _, p := h.StartDrip(fx.contact, fx.drip, "2099-01-01")
	require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%+v", p)

	l := h.CreateLead(h.LeadBody("Probe", "Lead"))
	fx.leadID, fx.lead = l.ID, strconv.FormatInt(l.ID, 10)
	fx.activity = created(h, "POST", "/api/v1/leads/"+fx.lead+"/activities", map[string]any{"kind": "task", "subject": "Call"})
	fx.note = created(h, "POST", "/api/v1/leads/"+fx.lead+"/notes", map[string]any{"text": "Met"})
	var imp domain.LeadImport
	require.Equal(h.T, http.StatusCreated, h.Upload("first_name,last_name,email,sales_concept,source_type,consent_to_contact\n"+
		"Ivy,Import,ivy"+h.Suffix+",General Interest,Web,yes\n", &imp).StatusCode)
	fx.leadImport = imp.ID
	other := h.CreateLead(h.LeadBody("Batch", "Lead"))
	var b domain.Batch
	require.Equal(h.T, http.StatusAccepted, h.Call("POST", "/api/v1/leads/assign-owner",
		map[string]any{"lead_ids": []int64{other.ID}, "owner_id": h.Manager.ID}, &b).StatusCode)
	fx.batch = b.ID

	fx.opportunity = h.Opportunity(fx.campaign, contacts[0], "Prospecting", 10)
	fx.group = h.Group("Probe group")
	fx.template = created(h, "POST", "/api/v1/workflow-templates", map[string]any{"name": "Probe template",
		"statuses": domain.DefaultWorkflow().Statuses})
	fx.rule = created(h, "POST", "/api/v1/lead-scoring-rules", map[string]any{"field": "company", "operator": "present", "points": 1})
	fx.plan = created(h, "POST", "/api/v1/activity-plan-templates", map[string]any{"name": "Probe plan", "active": true,
		"steps": []map[string]any{{"kind": "call", "subject": "Intro", "due_in_days": 1}}})
	return fx
}

// created posts a body that must be created (201) and returns the new id.
func created(h *harness.Harness, method, path string, body any) string {
	h.T.Helper()
	var out map[string]any
	resp := h.Call(method, path, body, &out)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%s %s: %v", method, path, out)
	return out["id"].(string)
}

// param is the fixture a route's path parameter names.
func (fx probeFixtures) param(route, name string) string {
	switch name {
	case "pid":
		return fx.participant
	case "doc_id":
		return fx.doc
	case "campaignID":
		return fx.drip
	case "aid":
		return fx.activity
	case "nid":
		return fx.note
	case "user_id":
		return "" // filled by the caller: the harness manager
	case "role":
		return "Sponsor"
	case "n", "row", "step":
		return "1"
	case "chart":
		return "lead-source-by-month"
	}
	byCollection := map[string]string{
		"campaigns": fx.campaign, "contacts": fx.contact, "leads": fx.lead, "lead-imports": fx.leadImport,
		"batch-processes": fx.batch, "documents": fx.doc, "folders": fx.folder, "drip-campaigns": fx.drip,
		"customer-groups": fx.group, "workflow-templates": fx.template, "opportunities": fx.opportunity,
		"lead-scoring-rules": fx.rule, "activity-plan-templates": fx.plan,
	}
	collection := strings.SplitN(strings.TrimPrefix(route, "/api/v1/"), "/", 2)[0]
	if id, ok := byCollection[collection]; ok {
		return id
	}
	return uuid.NewString() // a record kind the probe does not know: an unknown id
}

// probeBodies are valid bodies of the write routes; the probe sends each with
// one value at a time replaced by bad input.
func (fx probeFixtures) probeBodies(h *harness.Harness) map[string]any {
	statuses := []map[string]any{
		{"name": "Targeted", "next": []string{"Contacted"}, "actions": []any{}},
		{"name": "Contacted", "next": []string{}, "actions": []map[string]any{{"kind": "email", "subject": "Hi",
			"body": "Dear {{nameFirst}}", "document_id": fx.doc, "attachments": []string{fx.doc}, "delay_seconds": 60,
			"coverage_role": "Sales"}, {"kind": "activity_plan", "plan_template_id": fx.plan, "coverage_role": "Sales",
			"due_in_days": 1}, {"kind": "opportunity", "subject": "Deal", "revenue": 10}, {"kind": "points", "points": 5}}},
	}
	lead := h.LeadBody("Body", "Lead")
	for k, v := range map[string]any{"company": "Acme", "position": "CEO", "phone": "555 0100", "phone_country": "Unspecified",
		"market_segment": "Retail", "source": "Fair", "address": "1 Main St", "address_city": "Springfield",
		"address_state": "IL", "address_country": "US", "address_zip": "62701", "matched_contact_id": fx.contact,
		"time_zone": "America/Chicago"} {
		lead[k] = v
	}
	contact := map[string]any{"first_name": "Con", "last_name": "Tact", "email": "con" + h.Suffix, "phone": "555",
		"status": "Other", "partner_type": "Reseller", "tags": []string{"vip"}, "consent_to_contact": true, "time_zone": "Europe/Paris"}
	window := map[string]any{"days": []string{"mon", "fri"}, "from_hour": 9, "to_hour": 17}
	sender := map[string]any{"from_name": "Team", "from_address": "team" + h.Suffix, "reply_to": "replies" + h.Suffix}
	drip := map[string]any{"name": "Drip", "description": "About", "active": false, "trigger": map[string]any{
		"partner_type": "Reseller", "tag": "vip", "status": "Other"}, "steps": []map[string]any{{"name": "Mail",
		"offset_days": 1, "offset_hours": 1, "action": "email", "subject": "Hi", "body": "Hello", "due_in_days": 1}},
		"sender": sender, "send_window": window, "over_cap": "skip"}
	activity := map[string]any{"kind": "task", "subject": "Call", "details": "About", "due_at": "2030-01-01T00:00:00Z", "done": false}
	rule := map[string]any{"field": "company", "operator": "equals", "value": "Acme", "points": 5}
	bodies := map[string]any{
		"POST /api/v1/activity-plan-templates": map[string]any{"name": "Plan", "steps": []map[string]any{
			{"kind": "task", "subject": "Call", "due_in_days": 1}}},
		"PATCH /api/v1/activity-plan-templates/:id": map[string]any{"active": true},
		"POST /api/v1/campaigns": map[string]any{"name": "C", "priority": "A", "manager_id": h.Manager.ID,
			"folder_id": fx.folder, "description": "About", "allocation_model": "Campaign User", "allocation_role": "Sales",
			"start_date": "2030-01-01T00:00:00Z", "security": "public"},
		"PATCH /api/v1/campaigns/:id": map[string]any{"name": "C", "description": "About", "allocation_role": "Sales"},
		"PUT /api/v1/campaigns/:id/audience": map[string]any{"type": "Leads", "lead_filters": map[string]any{
			"market_segment": "Retail", "sales_concept": "Income", "source_type": "Web"}, "send_window": window},
		"POST /api/v1/campaigns/:id/documents/:doc_id/email": map[string]any{"participant_ids": []string{fx.participant}},
		"PUT /api/v1/campaigns/:id/fields":                   map[string]any{"fields": []map[string]any{{"name": "Size", "type": "text"}}},
		"POST /api/v1/campaigns/:id/participants":            map[string]any{"contact_ids": []string{fx.contact}},
		"PATCH /api/v1/campaigns/:id/participants/:pid":      map[string]any{"status": "Contacted"},
		"POST /api/v1/campaigns/:id/participants/status":     map[string]any{"participant_ids": []string{fx.participant}, "status": "Responded"},
		"PUT /api/v1/campaigns/:id/settings": map[string]any{"test_recipients": []string{"test" + h.Suffix},
			"audience_interval_seconds": 3600, "audience_paused": true, "sender": sender, "send_window": window, "over_cap": "defer"},
		"POST /api/v1/campaigns/:id/preview": map[string]any{"participant_id": fx.participant, "subject": "Hi {{first_name}}",
			"body": "<p>Dear {{ first_name | default \"friend\" }}</p>"},
		"POST /api/v1/leads/:id/preview":                map[string]any{"document_id": fx.doc},
		"POST /api/v1/campaigns/:id/team":               map[string]any{"user_id": h.Manager.ID, "role": "Sponsor"},
		"POST /api/v1/campaigns/:id/versions/:n/status": map[string]any{"status": "Test"},
		"PUT /api/v1/campaigns/:id/workflow":            map[string]any{"statuses": statuses},
		"POST /api/v1/campaigns/:id/workflow/select":    map[string]any{"template_id": fx.template},
		"POST /api/v1/contacts":                         contact,
		"PATCH /api/v1/contacts/:id":                    contact,
		"POST /api/v1/contacts/:id/coverage":            map[string]any{"user_id": h.Manager.ID, "role": "Sales"},
		"PATCH /api/v1/contacts/:id/customer":           map[string]any{"status": "Active", "group_ids": []string{fx.group}},
		"DELETE /api/v1/contacts/:id/drips":             map[string]any{"ids": []string{fx.drip}},
		"POST /api/v1/contacts/:id/drips":               map[string]any{"campaign_id": fx.drip, "start_date": "2099-01-01"},
		"POST /api/v1/customer-groups":                  map[string]any{"name": "Group", "description": "About"},
		"PUT /api/v1/customer-groups/:id":               map[string]any{"name": "Group", "description": "About"},
		"POST /api/v1/drip-campaigns":                   drip,
		"PUT /api/v1/drip-campaigns/:id":                drip,
		"POST /api/v1/folders":                          map[string]any{"name": "Folder"},
		"POST /api/v1/folders/:id/documents": map[string]any{"name": "Doc", "subject": "Hi", "body": "Hello",
			"attachment_name": "a.txt", "attachment_base64": "aGk=", "due_date": "2030-01-01T00:00:00Z"},
		"PATCH /api/v1/lead-imports/:id/rows/:row": map[string]any{"data": map[string]any{"first_name": "Ivy",
			"email": "ivy" + h.Suffix, "market_segment": "Retail"}, "skip": false},
		"POST /api/v1/lead-scoring-rules":         rule,
		"PUT /api/v1/lead-scoring-rules/:id":      rule,
		"PUT /api/v1/lead-settings":               map[string]any{"b2b_mode": false},
		"POST /api/v1/leads":                      lead,
		"PATCH /api/v1/leads/:id":                 map[string]any{"first_name": "Pro", "email": "pro" + h.Suffix, "status": "Qualifying"},
		"POST /api/v1/leads/:id/activities":       activity,
		"PATCH /api/v1/leads/:id/activities/:aid": activity,
		"POST /api/v1/leads/:id/convert":          map[string]any{"opportunity": map[string]any{"kind": "parent", "template": "Deal", "description": "About"}},
		"POST /api/v1/leads/:id/notes":            map[string]any{"text": "Met"},
		"PATCH /api/v1/leads/:id/notes/:nid":      map[string]any{"text": "Met"},
		"PUT /api/v1/leads/:id/owner":             map[string]any{"owner_id": h.Manager.ID},
		"POST /api/v1/leads/assign-owner":         map[string]any{"lead_ids": []int64{fx.leadID}, "owner_id": h.Manager.ID},
		"POST /api/v1/leads/bulk-delete":          map[string]any{"lead_ids": []int64{fx.leadID}},
		"POST /api/v1/leads/email": map[string]any{"lead_ids": []int64{fx.leadID}, "subject": "Hi", "body": "<p>Hello</p>",
			"attachment_document_ids": []string{fx.doc}},
		"POST /api/v1/leads/print":           map[string]any{"lead_ids": []int64{fx.leadID}, "document_id": fx.doc},
		"POST /api/v1/predefined-filters":    map[string]any{"name": "Filter", "conditions": []map[string]any{{"field": "email", "op": "contains", "value": "x"}}},
		"POST /api/v1/workflow-templates":    map[string]any{"name": "Template", "description": "About", "statuses": statuses},
		"PUT /api/v1/workflow-templates/:id": map[string]any{"name": "Template", "description": "About", "statuses": statuses},
	}
	bodies["POST /api/v1/suppressions"] = map[string]any{"address": "probe" + h.Suffix, "reason": "manual", "source": "Probe"}
	bodies["POST /api/v1/bounces"] = map[string]any{"message_id": "<probe@example.org>", "type": "soft",
		"address": "probe" + h.Suffix, "diagnostic": "452 4.2.2 full", "occurred_at": "2026-01-01T00:00:00Z"}
	return bodies
}
