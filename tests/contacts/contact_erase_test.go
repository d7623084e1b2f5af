package contacts

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// erasable is a contact with something of it in most tables: a customer in
// a group with a coverage and a matched lead, a participant of a started
// campaign (an email sent, a delayed email pending, a task, an
// opportunity, a printed letter, a text message, points) and of a campaign
// not started, and enrolled in a drip campaign whose first email went out.
type erasable struct {
	id, first, last, email, phone string
	campaign, planned, drip       string
	participant, witness          string // the participants of the contact and of a witness in campaign
	lead                          int64
}

func newErasable(h *harness.Harness) erasable {
	h.T.Helper()
	tag := harness.RandHex(4)
	e := erasable{first: "Erm" + tag, last: "Zed" + tag, email: "erm." + tag + h.Suffix,
		phone: fmt.Sprintf("+1555%07d", time.Now().UnixNano()%10_000_000)}
	resp, created := h.PostWithKey(h.Token, "/api/v1/contacts", "erase-"+tag, map[string]any{"first_name": e.first,
		"last_name": e.last, "email": e.email, "phone": e.phone, "partner_type": "Realtor", "tags": []string{"vip"},
		"time_zone": "Europe/Paris"})
	require.Equal(h.T, http.StatusCreated, resp.StatusCode, "%v", created)
	e.id = created["id"].(string)
	witness := h.NewContact("Wanda", nil).ID
	h.Customer(e.id, "Active", h.Group("Gold"))
	require.Equal(h.T, http.StatusCreated, h.Call("POST", "/api/v1/contacts/"+e.id+"/coverage",
		map[string]any{"user_id": h.Manager.ID, "role": "Advisor"}, nil).StatusCode)
	lead := h.LeadBody("Lou", "Matched")
	lead["matched_contact_id"] = e.id
	e.lead = h.CreateLead(lead).ID

	folder, docs := h.PrintFolder(map[string]any{}, map[string]any{"name": "Letter", "subject": "Dear {{nameFirst}}",
		"body": "Dear {{nameFirst}} {{nameLast}}, we call you on {{phoneBusiness}}."})
	e.campaign = h.NewCampaign(map[string]any{"name": "Erasure", "priority": "B", "manager_id": h.Manager.ID, "folder_id": folder})
	def := domain.DefaultWorkflow()
	def.Statuses[1].Actions = []domain.Action{
		{Kind: domain.ActionEmail, Subject: "Hello {{nameFirst}}", Body: "Dear {{nameFirst}} {{nameLast}} ({{emailAddress}}, {{phoneBusiness}})"},
		{Kind: domain.ActionEmail, Subject: "Later {{nameFirst}}", Body: "Still there, {{nameLast}}?", DelaySeconds: 3600},
		{Kind: domain.ActionTask, Subject: "Call {{nameFirst}} {{nameLast}}"},
		{Kind: domain.ActionOpportunity, Subject: "Deal with {{nameLast}}", Revenue: 100},
		{Kind: domain.ActionPrint, DocumentID: docs["Letter"]},
		{Kind: domain.ActionSMS, Body: "Hi {{nameFirst}}"},
		{Kind: domain.ActionPoints, Points: 5},
	}
	h.SetWorkflow(e.campaign, def)
	require.Equal(h.T, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+e.campaign+"/participants",
		map[string]any{"contact_ids": []string{e.id, witness}}, nil).StatusCode)
	require.Equal(h.T, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+e.campaign+"/start", nil, nil).StatusCode)
	h.WaitStatuses(e.campaign, map[string]int{"Contacted": 2})
	for _, p := range h.Participants(e.campaign) {
		if p.ContactID == e.id {
			e.participant = p.ID
		} else {
			e.witness = p.ID
		}
	}
	h.WaitInbox(e.email, 1)

	e.planned = h.CreateCampaign("Planned")["id"].(string)
	require.Equal(h.T, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+e.planned+"/participants",
		map[string]any{"contact_ids": []string{e.id}}, nil).StatusCode)
	d := h.CreateDrip("Nurture", []domain.DripStep{harness.EmailStep("Welcome", 0), harness.EmailStep("Later", 30)}, nil)
	e.drip = d.ID
	resp, _, _ = h.StartDrip(e.id, e.drip, "")
	require.Equal(h.T, http.StatusCreated, resp.StatusCode)
	h.WaitSteps(e.id, e.drip, 1)
	h.WaitInbox(e.email, 2)
	return e
}

// texts are what the scan looks for: the names, the address (whole and its
// local part) and the phone.
func (e erasable) texts() []string {
	return []string{e.first, e.last, e.email, e.email[:len("erm.")+8], e.phone}
}

// TestEraseContact (GDPR): erasing a contact ends its participant and drip
// workflows and its unsent email (the outbox sender never sends it), lists
// its address as suppressed so that a later campaign to the address is
// suppressed too, and leaves its name, address and phone in no table of the
// database; what campaigns count keeps its totals. Only an administrator
// erases; an erased contact is not found any more.
func TestEraseContact(t *testing.T) {
	h := harness.New(t)
	e := newErasable(h)
	ctx := t.Context()
	before := dataLeft(h, e.texts(), nil)
	for _, place := range []string{"contacts.first_name", "contacts.email", "contacts.phone", "outbox.body", "outbox.to_addr",
		"activities.subject", "activities.details", "opportunities.description", "sms_outbox.to_phone", "idempotency_keys.body",
		"batch_items.result", "generated_documents.file_name"} {
		assert.True(t, slices.ContainsFunc(before, func(f string) bool { return strings.HasPrefix(f, place+" ") }),
			"before the erasure the scan finds the contact in %s (it finds: %v)", place, before)
	}
	counted := func() map[string]int {
		return map[string]int{
			"activities":    h.Count("SELECT count(*) FROM activities WHERE contact_id = $1", e.id),
			"opportunities": h.Count("SELECT count(*) FROM opportunities WHERE contact_id = $1", e.id),
			"outbox":        h.Count("SELECT count(*) FROM outbox WHERE contact_id = $1", e.id),
			"participants":  h.Count("SELECT count(*) FROM participants WHERE campaign_id = $1", e.campaign),
			"enrollments":   h.Count("SELECT count(*) FROM drip_enrollments WHERE contact_id = $1", e.id),
		}
	}
	counts := counted()
	require.Equal(t, 1, h.Count("SELECT count(*) FROM generated_documents WHERE contact_id = $1", e.id), "the printed letter")
	delayedKey := ""
	require.NoError(t, h.Store.Pool().QueryRow(ctx, "SELECT idem_key FROM outbox WHERE participant_id = $1 AND delayed AND status = 'pending'",
		e.participant).Scan(&delayedKey))
	participantWF := domain.ParticipantWorkflowID(e.campaign, e.participant)
	require.True(t, workflowRunning(h, participantWF))
	require.True(t, workflowRunning(h, domain.DripWorkflowID(e.drip, e.id)))

	// Outsiders: every privilege but administrator's is not enough.
	_, marketer := h.UserWithToken("Marketer", harness.EveryPrivilegeButAdmin...)
	var p harness.Problem
	harness.ExpectProblem(t, h.CallAs(marketer, "DELETE", "/api/v1/contacts/"+e.id, nil, &p), p, http.StatusForbidden, "")
	harness.ExpectProblem(t, h.CallAs("", "DELETE", "/api/v1/contacts/"+e.id, nil, &p), p, http.StatusUnauthorized, "")
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/contacts/"+e.id, nil, nil).StatusCode, "nothing was erased")
	assert.Empty(t, h.Suppressions(e.email))
	for _, path := range []string{"/api/v1/contacts/" + uuid.NewString(), "/api/v1/contacts/nope"} {
		harness.ExpectProblem(t, h.Call("DELETE", path, nil, &p), p, http.StatusNotFound, "")
	}

	require.Equal(t, http.StatusNoContent, h.Call("DELETE", "/api/v1/contacts/"+e.id, nil, nil).StatusCode)

	// Nothing of the person is left in any table; its address only on the
	// suppression list, which must keep it to hold it off.
	assert.Empty(t, dataLeft(h, e.texts(), func(table, column, text string) bool {
		return table == "suppressions" && column == "address" && strings.Contains(e.email, text)
	}))
	sup := h.Suppressions(e.email)
	require.Len(t, sup, 1)
	assert.Equal(t, domain.SuppressErased, sup[0].Reason)
	assert.Equal(t, 0, h.Count("SELECT count(*) FROM generated_documents WHERE contact_id = $1", e.id), "the letter is deleted")

	// Its workflows ended; the witness's runs on.
	assert.False(t, workflowRunning(h, participantWF), "the participant's workflow ended")
	assert.False(t, workflowRunning(h, domain.DripWorkflowID(e.drip, e.id)), "the drip enrollment's workflow ended")
	assert.True(t, workflowRunning(h, domain.ParticipantWorkflowID(e.campaign, e.witness)))

	// Counts keep their totals: the contact stays an anonymous participant
	// of the started campaign; it left the one not started.
	assert.Equal(t, counts, counted())
	assert.Equal(t, map[string]int{"Contacted": 2}, harness.CountBy(h.Participants(e.campaign)))
	var byStatus harness.Chart[domain.StatusCount]
	require.Equal(t, http.StatusOK, h.Call("GET", "/api/v1/campaigns/"+e.campaign+"/charts/participants-by-status", nil, &byStatus).StatusCode)
	assert.Equal(t, []domain.StatusCount{{Status: "Contacted", Count: 2}}, byStatus.Items)
	assert.Empty(t, h.Participants(e.planned))
	assert.Equal(t, 0, h.Count("SELECT count(*) FROM leads WHERE matched_contact_id = $1", e.id), "the lead is matched to nobody")

	// The pending email ended suppressed, and the outbox sender does not send
	// it even once it is due: the witness's delayed email, due after it, goes.
	status, lastErr := h.OutboxStatus("idem_key = $1", delayedKey)
	assert.Equal(t, "suppressed", status)
	assert.Equal(t, "suppressed: erased", lastErr)
	_, err := h.Store.Pool().Exec(ctx, "UPDATE outbox SET due_at = now() - interval '1 minute' WHERE idem_key = $1", delayedKey)
	require.NoError(t, err)
	_, err = h.Store.Pool().Exec(ctx, "UPDATE outbox SET due_at = now() WHERE participant_id = $1 AND delayed", e.witness)
	require.NoError(t, err)
	require.NoError(t, workflows.NewClients(h.Worker.Client, h.Worker.TaskQueue).Outbox.WakeOutboxSender(ctx))
	h.WaitInbox("wanda"+h.Suffix, 2)
	for _, m := range workertest.Inbox(t, h.Suffix) {
		assert.NotEqual(t, domain.MessageID(delayedKey), m.MessageID, "the erased contact's pending email was sent")
	}
	assert.Len(t, workertest.Inbox(t, e.email), 2, "the two messages sent before the erasure, no more")

	// The contact is not found any more, by any route.
	harness.ExpectProblem(t, h.Call("DELETE", "/api/v1/contacts/"+e.id, nil, &p), p, http.StatusNotFound, "")
	for _, path := range []string{"", "/customer", "/drips", "/activities"} {
		harness.ExpectProblem(t, h.Call("GET", "/api/v1/contacts/"+e.id+path, nil, &p), p, http.StatusNotFound, "")
	}
	harness.ExpectProblem(t, h.Call("PATCH", "/api/v1/contacts/"+e.id, map[string]any{"first_name": "Back"}, &p), p, http.StatusNotFound, "")
	assert.Empty(t, contactList(h, "q="+url.QueryEscape(e.first)).Items)
	harness.ExpectProblem(t, h.Call("POST", "/api/v1/campaigns/"+e.planned+"/participants", map[string]any{"contact_ids": []string{e.id}}, &p),
		p, http.StatusUnprocessableEntity, "contact_ids")

	// The address is held off for good: a new contact with it, in a new
	// campaign, gets nothing.
	again := h.NewContact("Again", map[string]any{"email": e.email}).ID
	h.MailCampaign("Again", again)
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		if h.Count("SELECT count(*) FROM outbox WHERE contact_id = $1", again) == 0 {
			return false, "not queued yet"
		}
		status, lastErr := h.OutboxStatus("contact_id = $1", again)
		return status == "suppressed" && lastErr == "suppressed: erased", status + " " + lastErr
	})
	assert.Len(t, workertest.Inbox(t, e.email), 2)
}
