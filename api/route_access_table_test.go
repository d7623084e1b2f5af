package api_test

import (
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// accessFixture is what the access table's calls act on: a private
// campaign (with its manager, the insider, and an outsider) and one record
// of every kind a route names.
type accessFixture struct {
	h *harness.Harness
	harness.PrivateFixture
	// spare, doomed and mover are other private campaigns of the insider,
	// for the routes that delete participants, delete the campaign or move
	// its stage.
	spare, doomed, mover string
	// params fills the route patterns: "previous segment/:param" -> value.
	params map[string]string
	// deletedParams are params on a campaign whose every version is deleted.
	deletedParams map[string]string
	// lackingTokens holds, per privilege, a user with every other one (and
	// not administrator), so a 403 can only come from the route's own.
	lackingTokens map[string]string
}

// accessFixture creates the records; a new route whose :param is not here
// fails TestEveryRouteChecksAccess with the key to add.
func newAccessFixture(h *harness.Harness) *accessFixture {
	h.T.Helper()
	ctx := h.T.Context()
	fx := &accessFixture{h: h, PrivateFixture: h.PrivateCampaign("Guarded", 4), lackingTokens: map[string]string{}}
	helper, _ := h.UserWithToken("Helper", domain.PrivCampaigns)
	resp := h.Call("POST", "/api/v1/campaigns/"+fx.ID+"/team", map[string]any{"user_id": helper.ID, "role": "Support"}, nil)
	require.Equal(h.T, http.StatusCreated, resp.StatusCode)
	private := func(name string) string {
		id := h.NewCampaign(map[string]any{"name": name, "priority": "C", "manager_id": fx.Insider.ID, "security": "private", "folder_id": fx.FolderID})
		resp := h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": h.Contacts(1)}, nil)
		require.Equal(h.T, http.StatusCreated, resp.StatusCode)
		return id
	}
	fx.spare, fx.doomed, fx.mover = private("Spare"), private("Doomed"), private("Mover")
	deleted := private("Deleted")
	code, _ := h.SetVersion(deleted, 1, string(domain.VersionDeleted))
	require.Equal(h.T, http.StatusOK, code)

	var batch domain.Batch
	resp = h.CallAs(fx.InsiderToken, "POST", "/api/v1/campaigns/"+fx.ID+"/documents/"+fx.DocID+"/email", nil, &batch)
	require.Equal(h.T, http.StatusAccepted, resp.StatusCode)
	h.WaitBatch(batch.ID)
	print, err := h.Store.SaveGeneratedDocument(ctx, "test/print/"+uuid.NewString(), domain.GeneratedDocument{
		DocumentID: fx.DocID, ContactID: fx.Participants[0].ContactID, CampaignID: fx.ID, FileName: "Note.pdf"}, []byte("%PDF-1.4"))
	require.NoError(h.T, err)

	contact := h.NewContact("Carla", nil).ID
	drip := h.CreateDrip("Nurture", []domain.DripStep{harness.EmailStep("Hello", 0)}, nil)
	resp, _, _ = h.StartDrip(contact, drip.ID, "2099-01-01")
	require.Equal(h.T, http.StatusCreated, resp.StatusCode)
	lead := h.CreateLeadAs(fx.InsiderToken, h.LeadBody("Lars", "Access"))
	var activity, note struct{ ID string }
	require.Equal(h.T, http.StatusCreated, h.Call("POST", harness.LeadPath(lead.ID, "/activities"), map[string]any{"kind": "task", "subject": "Call"}, &activity).StatusCode)
	require.Equal(h.T, http.StatusCreated, h.Call("POST", harness.LeadPath(lead.ID, "/notes"), map[string]any{"text": "Met"}, &note).StatusCode)
	var imp struct{ ID string }
	require.Equal(h.T, http.StatusCreated, h.Upload("first_name,last_name,email,sales_concept,source_type,consent_to_contact\nIda,Import,ida"+h.Suffix+",Savings,Web,true\n", &imp).StatusCode)
	var rule, plan, tmpl struct{ ID string }
	require.Equal(h.T, http.StatusCreated, h.Call("POST", "/api/v1/lead-scoring-rules", map[string]any{"field": "position", "operator": "present", "points": 5}, &rule).StatusCode)
	require.Equal(h.T, http.StatusCreated, h.Call("POST", "/api/v1/activity-plan-templates", map[string]any{"name": "Plan", "active": true,
		"steps": []map[string]any{{"kind": "task", "subject": "Step"}}}, &plan).StatusCode)
	require.Equal(h.T, http.StatusCreated, h.Call("POST", "/api/v1/workflow-templates", map[string]any{"name": "Spare flow", "statuses": domain.DefaultWorkflow().Statuses}, &tmpl).StatusCode)

	listed := domain.SuppressionInput{Address: "listed" + h.Suffix, Reason: domain.SuppressManual}
	_, err = h.Store.AddSuppression(ctx, listed)
	require.NoError(h.T, err)

	var spareToken struct{ ID string }
	require.Equal(h.T, http.StatusCreated, h.Call("POST", "/api/v1/users/"+fx.Insider.ID+"/tokens", map[string]any{"label": "spare"}, &spareToken).StatusCode)

	fx.params = map[string]string{
		"campaigns/:id":               fx.ID,
		"participants/:pid":           fx.Participants[0].ID,
		"documents/:doc_id":           fx.DocID,
		"team/:user_id":               helper.ID,
		":user_id/:role":              "Support",
		"versions/:n":                 "1",
		"batch-processes/:id":         batch.ID,
		"generated-documents/:id":     print,
		"opportunities/:id":           h.Opportunity(fx.ID, fx.Participants[0].ContactID, "Prospecting", 100),
		"contacts/:id":                contact,
		"drips/:campaignID":           drip.ID,
		"steps/:step":                 "1",
		"customer-groups/:id":         h.Group("Group"),
		"drip-campaigns/:id":          drip.ID,
		"folders/:id":                 fx.FolderID,
		"documents/:id":               fx.DocID,
		"leads/:id":                   strconv.FormatInt(lead.ID, 10),
		"activities/:aid":             activity.ID,
		"notes/:nid":                  note.ID,
		"charts/:chart":               "lead-status-by-month",
		"lead-imports/:id":            imp.ID,
		"rows/:row":                   "1",
		"lead-scoring-rules/:id":      rule.ID,
		"activity-plan-templates/:id": plan.ID,
		"workflow-templates/:id":      tmpl.ID,
		"users/:id":                   fx.Insider.ID,
		"tokens/:token_id":            spareToken.ID,
		"u/:token":                    workertest.Unsubscribe.Token(domain.UnsubscribeToken{Address: "unsubscriber" + h.Suffix}),
	}
	for _, priv := range append([]string{domain.PrivAdmin}, harness.EveryPrivilegeButAdmin...) {
		others := slices.DeleteFunc(slices.Clone(harness.EveryPrivilegeButAdmin), func(p string) bool { return p == priv })
		_, fx.lackingTokens[priv] = h.UserWithToken("Without "+priv, others...)
	}
	fx.deletedParams = maps.Clone(fx.params)
	fx.deletedParams["campaigns/:id"] = deleted
	return fx
}

// accessTable has one row per route the router serves. The records come
// from the fixture; a route that deletes gets its own record (path), so the
// rows after it still find theirs.
func accessTable(fx *accessFixture) []routeAccess {
	h := fx.h
	c := "/api/v1/campaigns/" + fx.ID
	leadNo := func(name string) int64 { return h.CreateLeadAs(fx.InsiderToken, h.LeadBody(name, "Access")).ID }
	lead := func(name string) string { return harness.LeadPath(leadNo(name), "") }
	statuses := domain.DefaultWorkflow().Statuses
	return []routeAccess{
		{route: "GET /healthz", priv: public, want: 200},
		{route: "GET /readyz", priv: public, want: 200},
		{route: "GET /api/v1/me", priv: signedIn, want: 200},
		{route: "GET /api/v1/openapi.json", priv: public, want: 200},
		{route: "GET /u/:token", priv: public, want: 200},
		{route: "POST /u/:token", priv: public, body: "List-Unsubscribe=One-Click", want: 200},

		{route: "GET /api/v1/campaigns", priv: domain.PrivCampaigns, want: 200},
		{route: "POST /api/v1/campaigns", priv: domain.PrivCampaigns, body: map[string]any{"name": "New", "priority": "B"}, want: 201},
		{route: "GET /api/v1/campaigns/:id", priv: domain.PrivCampaigns, want: 200},
		{route: "PATCH /api/v1/campaigns/:id", priv: domain.PrivCampaigns, body: map[string]any{"description": "Changed"}, want: 200},
		{route: "DELETE /api/v1/campaigns/:id", priv: domain.PrivCampaigns, path: "/api/v1/campaigns/" + fx.doomed, want: 204},
		{route: "GET /api/v1/campaigns/:id/team", priv: domain.PrivCampaigns, want: 200},
		{route: "POST /api/v1/campaigns/:id/team", priv: domain.PrivCampaigns, body: map[string]any{"user_id": h.Manager.ID, "role": "Sponsor"}, want: 201},
		{route: "DELETE /api/v1/campaigns/:id/team/:user_id/:role", priv: domain.PrivCampaigns, want: 204},
		{route: "GET /api/v1/campaigns/:id/workflow", priv: domain.PrivCampaigns, want: 200},
		{route: "PUT /api/v1/campaigns/:id/workflow", priv: domain.PrivCampaigns, body: map[string]any{"statuses": statuses}, want: 200},
		{route: "POST /api/v1/campaigns/:id/workflow/select", priv: domain.PrivCampaigns, body: map[string]any{"template_id": domain.DefaultTemplateID}, want: 200},
		{route: "POST /api/v1/campaigns/:id/workflow/reload", priv: domain.PrivCampaigns, want: 409},
		{route: "GET /api/v1/campaigns/:id/charts/participants-by-status", priv: domain.PrivCampaigns, want: 200},
		{route: "GET /api/v1/campaigns/:id/charts/pipeline", priv: domain.PrivCampaigns, want: 200},
		{route: "GET /api/v1/campaigns/:id/opportunities", priv: domain.PrivCampaigns, want: 200},
		{route: "GET /api/v1/campaigns/:id/versions", priv: domain.PrivCampaigns, want: 200},
		{route: "POST /api/v1/campaigns/:id/versions", priv: domain.PrivCampaigns, want: 409},
		{route: "GET /api/v1/campaigns/:id/versions/:n", priv: domain.PrivCampaigns, want: 200},
		{route: "POST /api/v1/campaigns/:id/versions/:n/status", priv: domain.PrivCampaigns, body: map[string]any{"status": "Sundown"}, want: 409},
		{route: "PUT /api/v1/campaigns/:id/fields", priv: domain.PrivCampaigns, body: map[string]any{"fields": []any{}}, want: 200},
		{route: "GET /api/v1/campaigns/:id/settings", priv: domain.PrivCampaigns, want: 200},
		{route: "PUT /api/v1/campaigns/:id/settings", priv: domain.PrivCampaigns, body: map[string]any{}, want: 200},
		{route: "GET /api/v1/campaigns/:id/audience", priv: domain.PrivCampaigns, want: 200},
		{route: "PUT /api/v1/campaigns/:id/audience", priv: domain.PrivCampaigns, body: map[string]any{}, want: 200},
		{route: "GET /api/v1/campaigns/:id/audience/preview", priv: domain.PrivCampaigns, want: 200},
		{route: "POST /api/v1/campaigns/:id/audience/run", priv: domain.PrivCampaigns, want: 409},
		{route: "POST /api/v1/campaigns/:id/start", priv: domain.PrivCampaigns, path: "/api/v1/campaigns/" + fx.mover + "/start", want: 200},
		{route: "POST /api/v1/campaigns/:id/complete", priv: domain.PrivCampaigns, path: "/api/v1/campaigns/" + fx.mover + "/complete", want: 200},
		{route: "POST /api/v1/campaigns/:id/cancel", priv: domain.PrivCampaigns, want: 409},
		{route: "GET /api/v1/campaigns/:id/participants", priv: domain.PrivCampaigns, want: 200},
		{route: "POST /api/v1/campaigns/:id/participants", priv: domain.PrivCampaigns, body: map[string]any{"contact_ids": h.Contacts(1)}, want: 201},
		{route: "PATCH /api/v1/campaigns/:id/participants/:pid", priv: domain.PrivCampaigns, body: map[string]any{"owner_id": fx.Insider.ID}, want: 200},
		{route: "DELETE /api/v1/campaigns/:id/participants/:pid", priv: domain.PrivCampaigns, path: c + "/participants/" + fx.Participants[3].ID, want: 204},
		{route: "DELETE /api/v1/campaigns/:id/participants", priv: domain.PrivCampaigns, path: "/api/v1/campaigns/" + fx.spare + "/participants", want: 200},
		{route: "POST /api/v1/campaigns/:id/participants/status", priv: domain.PrivCampaigns, body: map[string]any{"participant_ids": []string{fx.Participants[1].ID}, "status": "Responded"}, want: 409},
		{route: "GET /api/v1/campaigns/:id/documents", priv: domain.PrivCampaigns, want: 200},
		{route: "POST /api/v1/campaigns/:id/documents/:doc_id/email", priv: domain.PrivCampaigns, body: map[string]any{"participant_ids": []string{fx.Participants[2].ID}}, want: 202},
		{route: "POST /api/v1/campaigns/:id/preview", priv: domain.PrivCampaigns, body: map[string]any{"participant_id": fx.Participants[0].ID,
			"subject": "Hi {{first_name}}", "body": "Dear {{first_name}}"}, want: 200},

		{route: "GET /api/v1/batch-processes", priv: signedIn, want: 200},
		{route: "GET /api/v1/batch-processes/:id", priv: signedIn, private: true, want: 200},
		{route: "GET /api/v1/batch-processes/:id/output", priv: signedIn, private: true, want: 404},
		{route: "GET /api/v1/generated-documents/:id", priv: signedIn, private: true, want: 200},
		{route: "GET /api/v1/generated-documents/:id/pdf", priv: signedIn, private: true, want: 200},
		{route: "GET /api/v1/generated-documents/:id/file", priv: signedIn, private: true, want: 200},
		{route: "GET /api/v1/opportunities/:id", priv: domain.PrivCampaigns, private: true, want: 200},
		{route: "PATCH /api/v1/opportunities/:id", priv: domain.PrivCampaigns, private: true, body: map[string]any{"stage": "Proposal"}, want: 200},

		{route: "GET /api/v1/workflow-templates", priv: domain.PrivCampaigns, want: 200},
		{route: "POST /api/v1/workflow-templates", priv: domain.PrivAdmin, body: map[string]any{"name": "Another flow", "statuses": statuses}, want: 201},
		{route: "GET /api/v1/workflow-templates/:id", priv: domain.PrivCampaigns, want: 200},
		{route: "PUT /api/v1/workflow-templates/:id", priv: domain.PrivAdmin, body: map[string]any{"name": "Spare flow", "statuses": statuses}, want: 200},
		{route: "DELETE /api/v1/workflow-templates/:id", priv: domain.PrivAdmin, want: 204},

		{route: "GET /api/v1/contacts", priv: signedIn, want: 200},
		{route: "DELETE /api/v1/contacts/:id", priv: domain.PrivAdmin, path: "/api/v1/contacts/" + h.NewContact("Erased", nil).ID, want: 204},
		{route: "POST /api/v1/contacts", priv: signedIn, body: map[string]any{"first_name": "Nina", "last_name": "New", "email": "nina" + h.Suffix}, want: 201},
		{route: "GET /api/v1/contacts/:id", priv: signedIn, want: 200},
		{route: "PATCH /api/v1/contacts/:id", priv: signedIn, body: map[string]any{"phone": "+15550199"}, want: 200},
		{route: "GET /api/v1/contacts/:id/activities", priv: domain.PrivCampaigns, want: 200},
		{route: "POST /api/v1/contacts/:id/coverage", priv: domain.PrivAdmin, body: map[string]any{"user_id": fx.Insider.ID, "role": "Advisor"}, want: 201},
		{route: "GET /api/v1/contacts/:id/customer", priv: domain.PrivCampaigns, want: 200},
		{route: "PATCH /api/v1/contacts/:id/customer", priv: domain.PrivCampaigns, body: map[string]any{"status": "Active", "group_ids": []string{}}, want: 200},
		{route: "GET /api/v1/contacts/:id/drips", priv: signedIn, want: 200},
		{route: "GET /api/v1/contacts/:id/drips/available", priv: signedIn, want: 200},
		{route: "POST /api/v1/contacts/:id/drips", priv: domain.PrivMarketing, body: map[string]any{"campaign_id": h.CreateDrip("Second", []domain.DripStep{harness.EmailStep("Hi", 0)}, nil).ID, "start_date": "2099-01-01"}, want: 201},
		{route: "GET /api/v1/contacts/:id/drips/:campaignID", priv: signedIn, want: 200},
		{route: "GET /api/v1/contacts/:id/drips/:campaignID/steps", priv: signedIn, want: 200},
		{route: "POST /api/v1/contacts/:id/drips/:campaignID/pause", priv: domain.PrivMarketing, want: 200},
		{route: "POST /api/v1/contacts/:id/drips/:campaignID/run", priv: domain.PrivMarketing, want: 200},
		{route: "POST /api/v1/contacts/:id/drips/:campaignID/steps/:step/skip", priv: domain.PrivMarketing, want: 200},
		{route: "POST /api/v1/contacts/:id/drips/:campaignID/steps/:step/run-again", priv: domain.PrivMarketing, want: 409},
		{route: "POST /api/v1/contacts/:id/drips/:campaignID/remove", priv: domain.PrivMarketing, want: 200},
		{route: "DELETE /api/v1/contacts/:id/drips", priv: domain.PrivMarketing, body: map[string]any{"ids": []string{fx.params["drips/:campaignID"]}}, want: 200},

		{route: "GET /api/v1/customer-groups", priv: domain.PrivCampaigns, want: 200},
		{route: "POST /api/v1/customer-groups", priv: domain.PrivCampaigns, body: map[string]any{"name": "Newcomers"}, want: 201},
		{route: "GET /api/v1/customer-groups/:id", priv: domain.PrivCampaigns, want: 200},
		{route: "PUT /api/v1/customer-groups/:id", priv: domain.PrivCampaigns, body: map[string]any{"name": "Renamed"}, want: 200},
		{route: "DELETE /api/v1/customer-groups/:id", priv: domain.PrivCampaigns, path: "/api/v1/customer-groups/" + h.Group("Doomed"), want: 204},

		{route: "GET /api/v1/drip-campaigns", priv: signedIn, want: 200},
		{route: "POST /api/v1/drip-campaigns", priv: domain.PrivMarketing, body: map[string]any{"name": "Fresh", "steps": []domain.DripStep{harness.EmailStep("Hi", 0)}}, want: 201},
		{route: "GET /api/v1/drip-campaigns/:id", priv: signedIn, want: 200},
		{route: "PUT /api/v1/drip-campaigns/:id", priv: domain.PrivMarketing, body: map[string]any{"name": "Nurture", "steps": []domain.DripStep{harness.EmailStep("Hello", 0)}}, want: 200},
		{route: "DELETE /api/v1/drip-campaigns/:id", priv: domain.PrivMarketing, path: "/api/v1/drip-campaigns/" + h.CreateDrip("Doomed", []domain.DripStep{harness.EmailStep("Bye", 0)}, nil).ID, want: 204},

		{route: "POST /api/v1/folders", priv: signedIn, body: map[string]any{"name": "Folder"}, want: 201},
		{route: "GET /api/v1/folders/:id", priv: signedIn, want: 200},
		{route: "GET /api/v1/folders/:id/documents", priv: signedIn, want: 200},
		{route: "POST /api/v1/folders/:id/documents", priv: signedIn, body: map[string]any{"name": "Memo", "body": "Memo"}, want: 201},
		{route: "GET /api/v1/documents/:id", priv: signedIn, want: 200},

		{route: "GET /api/v1/activity-plan-templates", priv: domain.PrivCampaigns, want: 200},
		{route: "POST /api/v1/activity-plan-templates", priv: domain.PrivAdmin, body: map[string]any{"name": "Another plan", "active": true,
			"steps": []map[string]any{{"kind": "task", "subject": "Step"}}}, want: 201},
		{route: "PATCH /api/v1/activity-plan-templates/:id", priv: domain.PrivAdmin, body: map[string]any{"active": false}, want: 200},
		{route: "GET /api/v1/predefined-filters", priv: domain.PrivCampaigns, want: 200},
		{route: "POST /api/v1/predefined-filters", priv: domain.PrivAdmin, body: map[string]any{"name": "Smiths",
			"conditions": []map[string]any{{"field": "last_name", "op": "eq", "value": "smith"}}}, want: 201},

		{route: "GET /api/v1/leads", priv: domain.PrivLeads, want: 200},
		{route: "POST /api/v1/leads", priv: domain.PrivLeads, body: h.LeadBody("Lea", "New"), want: 201},
		{route: "GET /api/v1/leads/export.csv", priv: domain.PrivLeads, want: 200},
		{route: "GET /api/v1/leads/charts/:chart", priv: domain.PrivLeads, want: 200},
		{route: "POST /api/v1/leads/bulk-delete", priv: domain.PrivLeads, body: map[string]any{"lead_ids": []int64{leadNo("Bulk")}}, want: 200},
		{route: "POST /api/v1/leads/assign-owner", priv: domain.PrivLeads, body: map[string]any{"lead_ids": []int64{leadNo("Owned")}, "owner_id": fx.Insider.ID}, want: 202},
		{route: "POST /api/v1/leads/email", priv: domain.PrivLeads, body: map[string]any{"lead_ids": []int64{leadNo("Mailed")}, "subject": "Hi", "body": "Hello"}, want: 202},
		{route: "POST /api/v1/leads/print", priv: domain.PrivLeads, body: map[string]any{"lead_ids": []int64{leadNo("Printed")}, "document_id": fx.DocID}, want: 202},
		{route: "GET /api/v1/leads/:id", priv: domain.PrivLeads, want: 200},
		{route: "POST /api/v1/leads/:id/preview", priv: domain.PrivLeads, body: map[string]any{"subject": "Hi {{first_name}}", "body": "<p>{{company}}</p>"}, want: 200},
		{route: "PATCH /api/v1/leads/:id", priv: domain.PrivLeads, body: map[string]any{"position": "Buyer"}, want: 200},
		{route: "DELETE /api/v1/leads/:id", priv: domain.PrivLeads, path: lead("Deleted"), want: 204},
		{route: "PUT /api/v1/leads/:id/owner", priv: domain.PrivLeads, body: map[string]any{"owner_id": fx.Insider.ID}, want: 200},
		{route: "POST /api/v1/leads/:id/archive", priv: domain.PrivLeads, path: lead("Archived") + "/archive", want: 200},
		{route: "POST /api/v1/leads/:id/convert", priv: domain.PrivLeads, path: lead("Converted") + "/convert", body: map[string]any{}, want: 200},
		{route: "GET /api/v1/leads/:id/audit", priv: domain.PrivLeads, want: 200},
		{route: "GET /api/v1/leads/:id/documents", priv: domain.PrivLeads, want: 200},
		{route: "GET /api/v1/leads/:id/activities", priv: domain.PrivLeads, want: 200},
		{route: "POST /api/v1/leads/:id/activities", priv: domain.PrivLeads, body: map[string]any{"kind": "call", "subject": "Follow up"}, want: 201},
		{route: "PATCH /api/v1/leads/:id/activities/:aid", priv: domain.PrivLeads, body: map[string]any{"done": true}, want: 200},
		{route: "DELETE /api/v1/leads/:id/activities/:aid", priv: domain.PrivLeads, want: 204},
		{route: "GET /api/v1/leads/:id/notes", priv: domain.PrivLeads, want: 200},
		{route: "POST /api/v1/leads/:id/notes", priv: domain.PrivLeads, body: map[string]any{"text": "Called back"}, want: 201},
		{route: "PATCH /api/v1/leads/:id/notes/:nid", priv: domain.PrivLeads, body: map[string]any{"text": "Met twice"}, want: 200},
		{route: "DELETE /api/v1/leads/:id/notes/:nid", priv: domain.PrivLeads, want: 204},
		{route: "POST /api/v1/lead-imports", priv: domain.PrivLeads, body: "first_name,last_name\nIvo,Import\n", want: 201},
		{route: "GET /api/v1/lead-imports/:id", priv: domain.PrivLeads, want: 200},
		{route: "GET /api/v1/lead-imports/:id/rows", priv: domain.PrivLeads, want: 200},
		{route: "PATCH /api/v1/lead-imports/:id/rows/:row", priv: domain.PrivLeads, body: map[string]any{"data": map[string]string{"source_type": "Fair"}}, want: 200},
		{route: "POST /api/v1/lead-imports/:id/complete", priv: domain.PrivLeads, want: 202},
		{route: "GET /api/v1/lead-scoring-rules", priv: domain.PrivLeads, want: 200},
		{route: "POST /api/v1/lead-scoring-rules", priv: domain.PrivAdmin, body: map[string]any{"field": "company", "operator": "present", "points": 3}, want: 201},
		{route: "GET /api/v1/lead-scoring-rules/:id", priv: domain.PrivLeads, want: 200},
		{route: "PUT /api/v1/lead-scoring-rules/:id", priv: domain.PrivAdmin, body: map[string]any{"field": "position", "operator": "present", "points": 7}, want: 200},
		{route: "DELETE /api/v1/lead-scoring-rules/:id", priv: domain.PrivAdmin, want: 204},
		{route: "GET /api/v1/lead-settings", priv: domain.PrivLeads, want: 200},
		{route: "PUT /api/v1/lead-settings", priv: domain.PrivAdmin, body: map[string]any{"b2b_mode": false}, want: 200},

		{route: "POST /api/v1/users", priv: domain.PrivAdmin, body: map[string]any{"name": "Una User", "email": "una" + h.Suffix, "privileges": []string{domain.PrivCampaigns}}, want: 201},
		{route: "GET /api/v1/users", priv: domain.PrivAdmin, want: 200},
		{route: "GET /api/v1/users/:id", priv: domain.PrivAdmin, want: 200},
		{route: "PATCH /api/v1/users/:id", priv: domain.PrivAdmin, body: map[string]any{"name": "Insider Renamed"}, want: 200},
		{route: "GET /api/v1/users/:id/tokens", priv: domain.PrivAdmin, want: 200},
		{route: "POST /api/v1/users/:id/tokens", priv: domain.PrivAdmin, body: map[string]any{"label": "another"}, want: 201},
		{route: "DELETE /api/v1/tokens/:token_id", priv: domain.PrivAdmin, want: 204},

		{route: "GET /api/v1/suppressions", priv: signedIn, want: 200},
		{route: "POST /api/v1/suppressions", priv: domain.PrivMarketing, body: map[string]any{"address": "added" + h.Suffix}, want: 201},
		{route: "DELETE /api/v1/suppressions", priv: domain.PrivMarketing, path: "/api/v1/suppressions?address=listed" + h.Suffix, want: 204},
		{route: "POST /api/v1/suppressions/import", priv: domain.PrivMarketing, body: "address\nimported" + h.Suffix + "\n", want: 200},
		{route: "GET /api/v1/suppressions/export.csv", priv: domain.PrivMarketing, want: 200},
		{route: "POST /api/v1/bounces", priv: domain.PrivAdmin, body: map[string]any{"type": "soft", "address": "soft" + h.Suffix}, want: 200},
	}
}
