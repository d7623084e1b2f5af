package participants

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// member creates a user without privileges or token (an owner, a covering user).
func member(h *harness.Harness, name string) domain.User {
	h.T.Helper()
	u := domain.User{ID: uuid.NewString(), Name: name, Email: strings.ToLower(name) + h.Suffix}
	require.NoError(h.T, h.Store.UpsertUser(h.T.Context(), u))
	return u
}

// TestStatusActions runs every kind of action when participants enter
// Contacted: an email from a template document with an attachment, a printed
// document (kept, on the contact's activities and in a batch process), a task
// and a meeting for the owner, activity plans (one assigned to a coverage
// role, one from an inactive template) and a delayed email on a timer.
func TestStatusActions(t *testing.T) {
	h := harness.New(t)
	advisor := member(h, "Advisor")
	brochure := []byte("%PDF-1.4 brochure")
	folderID, docs := h.Folder(
		map[string]any{"name": "Welcome", "subject": "Welcome {{nameFirst}}", "body": "Hello {{nameFirst}} {{nameLast}}, this is {{campaignName}}."},
		map[string]any{"name": "Brochure", "attachment_name": "brochure.pdf", "attachment_base64": base64.StdEncoding.EncodeToString(brochure)},
		map[string]any{"name": "Letter", "subject": "Letter for {{nameFirst}}", "body": "Dear {{nameFirst}},\nthank you."},
	)
	var onboarding, old domain.PlanTemplate
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/activity-plan-templates", map[string]any{"name": "Onboarding", "active": true,
		"steps": []map[string]any{{"kind": "call", "subject": "Intro call", "due_in_days": 1}, {"kind": "meeting", "subject": "Review", "due_in_days": 7}}}, &onboarding).StatusCode)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/activity-plan-templates", map[string]any{"name": "Old", "active": true,
		"steps": []map[string]any{{"kind": "task", "subject": "Old step"}}}, &old).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("PATCH", "/api/v1/activity-plan-templates/"+old.ID, map[string]any{"active": false}, nil).StatusCode)
	assert.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", "/api/v1/activity-plan-templates", map[string]any{"name": "Empty"}, nil).StatusCode)

	var camp map[string]any
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns", map[string]any{"name": "Actions", "priority": "A",
		"manager_id": h.Manager.ID, "folder_id": folderID, "allocation_model": domain.AllocationCampaignUser, "allocation_role": "Advisor"}, &camp).StatusCode)
	id := camp["id"].(string)
	def := domain.DefaultWorkflow()
	for i := range def.Statuses {
		if def.Statuses[i].Name == domain.StatusContacted {
			def.Statuses[i].Actions = []domain.Action{
				{Kind: domain.ActionEmail, DocumentID: docs["Welcome"], Attachments: []string{docs["Brochure"]}},
				{Kind: domain.ActionPrint, DocumentID: docs["Letter"]},
				{Kind: domain.ActionTask, Subject: "Call {{nameFirst}}", DueInDays: 2},
				{Kind: domain.ActionMeeting, Subject: "Meet {{nameFirst}}"},
				{Kind: domain.ActionActivityPlan, PlanTemplateID: onboarding.ID, CoverageRole: "Advisor"},
				{Kind: domain.ActionActivityPlan, PlanTemplateID: old.ID},
				{Kind: domain.ActionEmail, Subject: "Follow-up for {{nameFirst}}", Body: "Still interested?", DelaySeconds: 2},
			}
		}
	}
	h.SetWorkflow(id, def)

	contacts := h.Contacts(2)
	covered := contacts[0]
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/contacts/"+covered+"/coverage", map[string]any{"user_id": advisor.ID, "role": "Advisor"}, nil).StatusCode)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"contact_ids": contacts}, nil).StatusCode)
	owners := map[string]string{}
	for _, p := range h.Participants(id) {
		owners[p.ContactID] = p.OwnerID
	}
	assert.Equal(t, map[string]string{covered: advisor.ID, contacts[1]: h.Manager.ID}, owners, "Campaign User allocation")

	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
	h.WaitStatuses(id, map[string]int{"Contacted": 2})

	// The template email, merged, with the brochure attached.
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		n := len(workertest.Inbox(t, h.Suffix))
		return n >= 2, fmt.Sprint(n, " emails")
	})
	welcome := workertest.Inbox(t, h.Suffix)[:2]
	for _, m := range welcome {
		assert.True(t, strings.HasPrefix(m.Subject, "Welcome First"), m.Subject)
		assert.Contains(t, m.Text, "this is Actions.")
		assert.Contains(t, m.Raw, "brochure.pdf")
		assert.Contains(t, m.Raw, base64.StdEncoding.EncodeToString(brochure))
	}
	// The delayed follow-up arrives on its timer, once each.
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		n := len(workertest.Inbox(t, h.Suffix))
		return n == 4, fmt.Sprint(n, " emails")
	})
	for _, m := range workertest.Inbox(t, h.Suffix)[2:] {
		assert.True(t, strings.HasPrefix(m.Subject, "Follow-up for First"), m.Subject)
	}

	// Printed letters: kept as PDFs, listed in the campaign's print batch process.
	var batches domain.Page[domain.Batch]
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/batch-processes?type="+url.QueryEscape(domain.BatchPrintCampaignDocument), nil, &batches).StatusCode)
	require.Len(t, batches.Items, 1)
	b := h.WaitBatch(batches.Items[0].ID)
	assert.Equal(t, domain.BatchCompleted, b.Status)
	assert.Equal(t, 2, b.Total)
	assert.Equal(t, 2, b.Succeeded)
	require.Len(t, b.Items, 2)
	assert.Equal(t, store.PrintBatchID(id), b.ID)

	// Each contact's activities.
	kinds := func(contactID string) (map[string]int, []domain.Activity) {
		var acts domain.Page[domain.Activity]
		require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/contacts/"+contactID+"/activities", nil, &acts).StatusCode)
		out := map[string]int{}
		for _, a := range acts.Items {
			out[a.Kind]++
		}
		return out, acts.Items
	}
	got, acts := kinds(covered)
	assert.Equal(t, map[string]int{"email": 2, "document": 1, "task": 1, "meeting": 2, "call": 1}, got)
	for _, a := range acts {
		switch {
		case a.Kind == "document":
			gid, _ := a.Details["generated_document_id"].(string)
			resp := h.Call("GET", "/api/v1/generated-documents/"+gid+"/pdf", nil, nil)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, "application/pdf", resp.Header.Get("Content-Type"))
			assert.True(t, strings.HasPrefix(a.Subject, "Letter for First"), a.Subject)
		case a.Kind == "task":
			assert.Equal(t, advisor.ID, a.OwnerID)
			require.NotNil(t, a.DueAt)
			assert.True(t, strings.HasPrefix(a.Subject, "Call First"), a.Subject)
		case a.Kind == "call" || a.Details["activity_plan"] == "Onboarding":
			assert.Equal(t, advisor.ID, a.OwnerID, "plan steps go to the covering advisor")
		}
	}
	// No advisor covers the other contact: no plan; the inactive template never makes one.
	got, _ = kinds(contacts[1])
	assert.Equal(t, map[string]int{"email": 2, "document": 1, "task": 1, "meeting": 1}, got)
	// The activities come in keyset pages.
	var seen []string
	cursor := ""
	for {
		var pg domain.Page[domain.Activity]
		require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/contacts/"+covered+"/activities?limit=2&cursor="+url.QueryEscape(cursor), nil, &pg).StatusCode)
		for _, a := range pg.Items {
			seen = append(seen, a.ID)
		}
		if pg.NextCursor == "" {
			break
		}
		cursor = pg.NextCursor
	}
	assert.Len(t, seen, len(acts))
	assert.ElementsMatch(t, func() []string {
		var ids []string
		for _, a := range acts {
			ids = append(ids, a.ID)
		}
		return ids
	}(), seen)
	assert.Equal(t, http.StatusUnprocessableEntity, h.Call("GET", "/api/v1/contacts/"+covered+"/activities?cursor=nonsense", nil, nil).StatusCode)
	assert.Equal(t, 1, h.Count("SELECT count(*) FROM activity_plans WHERE campaign_id = $1", id))
	assert.Zero(t, h.Count("SELECT count(*) FROM activity_plans WHERE template_id = $1", old.ID))
}

// TestAddByFilter adds participants with a predefined filter, which needs an
// allocation model and a role, and respects the maximum.
func TestAddByFilter(t *testing.T) {
	h := harness.New(t)
	ctx := t.Context()
	for i := 0; i < 3; i++ {
		require.NoError(t, h.Store.UpsertContact(ctx, domain.Contact{ID: uuid.NewString(), FirstName: fmt.Sprint("Ann", i), LastName: "Smith", Email: fmt.Sprintf("s%d%s", i, h.Suffix)}))
	}
	for i := 0; i < 60; i++ {
		require.NoError(t, h.Store.UpsertContact(ctx, domain.Contact{ID: uuid.NewString(), FirstName: "Bo", LastName: "Jones", Email: fmt.Sprintf("j%d%s", i, h.Suffix)}))
	}
	var smiths, joneses, bad domain.PredefinedFilter
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/predefined-filters", map[string]any{"name": "Smiths",
		"conditions": []map[string]any{{"field": "last_name", "op": "eq", "value": "smith"}, {"field": "first_name", "op": "starts_with", "value": "An"}}}, &smiths).StatusCode)
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/predefined-filters", map[string]any{"name": "Joneses",
		"conditions": []map[string]any{{"field": "last_name", "op": "contains", "value": "one"}}}, &joneses).StatusCode)
	assert.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", "/api/v1/predefined-filters", map[string]any{"name": "Bad",
		"conditions": []map[string]any{{"field": "password", "op": "eq", "value": "x"}}}, &bad).StatusCode)
	assert.Equal(t, http.StatusConflict, h.Call("POST", "/api/v1/predefined-filters", map[string]any{"name": "Smiths",
		"conditions": []map[string]any{{"field": "last_name", "op": "eq", "value": "x"}}}, nil).StatusCode)

	plain := h.CreateCampaign("No allocation")["id"].(string)
	var prob harness.Problem
	resp := h.Call("POST", "/api/v1/campaigns/"+plain+"/participants", map[string]any{"filter_id": smiths.ID}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Len(t, prob.Errors, 2, "allocation_model and allocation_role")

	var camp map[string]any
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns", map[string]any{"name": "Filtered", "priority": "C",
		"manager_id": h.Manager.ID, "allocation_model": domain.AllocationCampaignUser, "allocation_role": "Advisor"}, &camp).StatusCode)
	id := camp["id"].(string)
	var added map[string]int
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"filter_id": smiths.ID}, &added).StatusCode)
	assert.Equal(t, 3, added["added"])
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"filter_id": smiths.ID}, &added).StatusCode)
	assert.Equal(t, 0, added["added"], "a repeated add adds nobody twice")
	for _, p := range h.Participants(id) {
		assert.Equal(t, "Smith", p.LastName)
		assert.Equal(t, h.Manager.ID, p.OwnerID, "nobody covers them: the manager owns them")
	}
	// 3 + 60 would pass the maximum of 50: refused whole.
	resp = h.Call("POST", "/api/v1/campaigns/"+id+"/participants", map[string]any{"filter_id": joneses.ID}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, prob.Detail, "at most 50 participants")
	assert.Len(t, h.Participants(id), 3)
	for _, body := range []any{map[string]any{"filter_id": uuid.NewString()}, map[string]any{"filter_id": "x"},
		map[string]any{"filter_id": smiths.ID, "contact_ids": []string{uuid.NewString()}}} {
		assert.Equal(t, http.StatusUnprocessableEntity, h.Call("POST", "/api/v1/campaigns/"+id+"/participants", body, nil).StatusCode, "%v", body)
	}
	var filters domain.Page[domain.PredefinedFilter]
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/predefined-filters", nil, &filters).StatusCode)
	assert.Len(t, filters.Items, 2)
}
