package drips

import (
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestDripStartListAndSteps covers definitions, starting (privilege, bad
// input, past start, 409 on a second start, the available list), the partner
// campaign list and the steps with skip and run again.
func TestDripStartListAndSteps(t *testing.T) {
	h := harness.New(t)
	reader := noMarketingToken(h)

	// Definitions: validated, and only Marketing may create them.
	var prob harness.Problem
	resp := h.Call("POST", "/api/v1/drip-campaigns", map[string]any{"name": "", "steps": []any{}}, &prob)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.NotEmpty(t, prob.Errors)
	steps := []domain.DripStep{
		harness.EmailStep("Welcome", 0),
		{Name: "Text", Action: domain.DripSMS, Body: "Hi {{nameFirst}}, welcome aboard"},
		{Name: "Call", Action: domain.DripTask, Subject: "Call {{nameFirst}}", DueInDays: 2},
		harness.EmailStep("Follow-up", 30),
	}
	resp = h.CallAs(reader, "POST", "/api/v1/drip-campaigns", map[string]any{"name": "x", "steps": steps}, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	drip := h.CreateDrip("Partner welcome", steps, nil)
	assert.Len(t, drip.Steps, 4)
	var list campaignsAnswer
	resp = h.CallAs(reader, "GET", "/api/v1/drip-campaigns", nil, &list)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Len(t, list.Items, 1)

	ann := h.NewContact("ann", map[string]any{"partner_type": "Realtor"})
	var avail campaignsAnswer
	h.Call("GET", "/api/v1/contacts/"+ann.ID+"/drips/available", nil, &avail)
	require.Len(t, avail.Items, 1)
	assert.Equal(t, drip.ID, avail.Items[0].ID)

	// Refusals write nothing.
	resp = h.CallAs(reader, "POST", "/api/v1/contacts/"+ann.ID+"/drips", map[string]any{"campaign_id": drip.ID}, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "starting needs Marketing")
	resp = h.Call("POST", "/api/v1/contacts/"+ann.ID+"/drips", map[string]any{"campaign_id": "nope", "start_date": "soon"}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Len(t, prob.Errors, 2, "every bad field is listed: %+v", prob.Errors)
	resp, _, _ = h.StartDrip(ann.ID, drip.ID, "soon")
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	resp, _, _ = h.StartDrip(ann.ID, "00000000-0000-4000-8000-000000000000", "")
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	resp, _, _ = h.StartDrip("00000000-0000-4000-8000-000000000000", drip.ID, "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Empty(t, h.Drips(ann.ID))

	// A start date in the past begins at once.
	start := time.Now().UTC().AddDate(0, 0, -2).Format(time.DateOnly)
	resp, e, _ := h.StartDrip(ann.ID, drip.ID, start)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, 1, e.Enrollment)
	assert.Equal(t, domain.DripManual, e.Origin)
	assert.Contains(t, []domain.DripStatus{domain.DripActive}, e.Status)
	s := h.WaitSteps(ann.ID, drip.ID, 3)
	for _, st := range s.Items[:3] {
		assert.Equal(t, domain.StepDone, st.Status, st.Name)
		require.NotNil(t, st.DoneAt)
		assert.Equal(t, 1, st.Runs)
	}
	assert.Equal(t, domain.StepPending, s.Items[3].Status)
	require.NotNil(t, s.Items[3].DueAt)
	startAt, _ := time.Parse(time.DateOnly, start)
	assert.True(t, startAt.AddDate(0, 0, 30).Equal(*s.Items[3].DueAt), "due %v", s.Items[3].DueAt)
	mails := h.InboxFor("ann")
	require.Len(t, mails, 1)
	assert.Equal(t, "Welcome for ann", mails[0].Subject)
	assert.Contains(t, mails[0].Text, "Dear ann Partner, Partner welcome")
	sms, err := h.Store.ContactSMS(t.Context(), ann.ID)
	require.NoError(t, err)
	require.Len(t, sms, 1)
	assert.Equal(t, "Hi ann, welcome aboard", sms[0].Body)
	assert.Equal(t, "sent", sms[0].Status)
	var tasks int
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(),
		"SELECT count(*) FROM activities WHERE contact_id = $1 AND kind = 'task' AND subject = 'Call ann' AND due_at IS NOT NULL", ann.ID).Scan(&tasks))
	assert.Equal(t, 1, tasks)

	// The partner campaign list.
	l := h.Drips(ann.ID)
	require.Len(t, l, 1)
	assert.Equal(t, "Partner welcome", l[0].CampaignName)
	assert.Equal(t, domain.DripActive, l[0].Status)
	assert.True(t, startAt.Equal(l[0].StartDate))
	require.NotNil(t, l[0].FinishDate, "a running enrollment shows when its last step is due")
	assert.True(t, startAt.AddDate(0, 0, 30).Equal(*l[0].FinishDate))
	var dl harness.DripList
	h.CallAs(reader, "GET", "/api/v1/contacts/"+ann.ID+"/drips", nil, &dl)
	assert.Contains(t, dl.Note, "pause")

	// Started once: a second start is refused, and it is no longer available.
	resp, _, p := h.StartDrip(ann.ID, drip.ID, "")
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, p.Detail, "already active")
	h.Call("GET", "/api/v1/contacts/"+ann.ID+"/drips/available", nil, &avail)
	assert.Empty(t, avail.Items)

	// Steps: skip a done step and run a pending one again are refused.
	base := "/api/v1/contacts/" + ann.ID + "/drips/" + drip.ID + "/steps/"
	resp = h.Call("POST", base+"1/skip", nil, &prob)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, prob.Detail, "only a pending step")
	resp = h.Call("POST", base+"4/run-again", nil, &prob)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	resp = h.Call("POST", base+"9/skip", nil, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	resp = h.CallAs(reader, "POST", base+"1/run-again", nil, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)

	// Run again sends the material once more, as a second run.
	var after harness.StepsAnswer
	resp = h.Call("POST", base+"1/run-again", nil, &after)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 2, after.Items[0].Runs)
	assert.Equal(t, s.Items[0].DoneAt.UTC(), after.Items[0].DoneAt.UTC(), "done time is the first run's")
	mails = h.InboxFor("ann")
	require.Len(t, mails, 2, "run again is delivered before the call returns")
	assert.NotEqual(t, mails[0].MessageID, mails[1].MessageID)

	// Skipping the last pending step finishes the enrollment.
	resp = h.Call("POST", base+"4/skip", nil, &after)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.StepSkipped, after.Items[3].Status)
	waitStatus(h, ann.ID, drip.ID, domain.DripFinished)
	l = h.Drips(ann.ID)
	require.NotNil(t, l[0].FinishDate)
	assert.WithinDuration(t, time.Now(), *l[0].FinishDate, time.Minute)
	resp, _, p = h.StartDrip(ann.ID, drip.ID, "")
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, p.Detail, "already ran")
	resp = h.Call("POST", "/api/v1/contacts/"+ann.ID+"/drips/"+drip.ID+"/pause", nil, nil)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Len(t, h.InboxFor("ann"), 2)

	// Deleting a definition needs Marketing.
	resp = h.CallAs(reader, "DELETE", "/api/v1/drip-campaigns/"+drip.ID, nil, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
}

// TestDripScheduledPauseRunRemove covers a future start, pause and run,
// remove and start again with new keys, and delete selected.
func TestDripScheduledPauseRunRemove(t *testing.T) {
	h := harness.New(t)
	later := h.CreateDrip("Later", []domain.DripStep{harness.EmailStep("Later hello", 0)}, nil)
	now := h.CreateDrip("Now", []domain.DripStep{harness.EmailStep("Now hello", 0), harness.EmailStep("Now again", 3)}, nil)
	bob := h.NewContact("bob", nil)

	// A future start waits as scheduled.
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	resp, e, _ := h.StartDrip(bob.ID, later.ID, tomorrow)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, domain.DripScheduled, e.Status)
	s := h.Steps(bob.ID, later.ID)
	assert.Equal(t, domain.StepPending, s.Items[0].Status)

	// Pause and run an active enrollment.
	resp, _, _ = h.StartDrip(bob.ID, now.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	h.WaitSteps(bob.ID, now.ID, 1)
	base := "/api/v1/contacts/" + bob.ID + "/drips/" + now.ID
	var got domain.DripEnrollment
	resp = h.Call("POST", base+"/pause", nil, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.DripPaused, got.Status)
	var prob harness.Problem
	resp = h.Call("POST", base+"/pause", nil, &prob)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, prob.Detail, "already paused")
	resp = h.Call("POST", base+"/run", nil, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.DripActive, got.Status)
	resp = h.Call("POST", base+"/run", nil, nil)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	resp = h.Call("POST", "/api/v1/contacts/"+bob.ID+"/drips/00000000-0000-4000-8000-000000000000/pause", nil, nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	// Remove halts it and resets its progress; it can be started again.
	resp = h.Call("POST", base+"/remove", nil, &got)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, domain.DripRemoved, got.Status)
	s = h.Steps(bob.ID, now.ID)
	for _, st := range s.Items {
		assert.Equal(t, domain.StepPending, st.Status)
		assert.Nil(t, st.DueAt)
		assert.Zero(t, st.Runs)
	}
	resp = h.Call("POST", base+"/remove", nil, nil)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	resp = h.Call("POST", base+"/steps/1/run-again", nil, nil)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	var avail campaignsAnswer
	h.Call("GET", "/api/v1/contacts/"+bob.ID+"/drips/available", nil, &avail)
	require.Len(t, avail.Items, 1)
	assert.Equal(t, now.ID, avail.Items[0].ID)
	resp, e, _ = h.StartDrip(bob.ID, now.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, 2, e.Enrollment)
	h.WaitSteps(bob.ID, now.ID, 1)
	// A step is done once its email is queued; delivery follows.
	var subjects []string
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		subjects = subjects[:0]
		for _, m := range h.InboxFor("bob") {
			subjects = append(subjects, m.Subject)
		}
		return len(subjects) >= 2, fmt.Sprintf("%d messages", len(subjects))
	})
	assert.Equal(t, []string{"Now hello for bob", "Now hello for bob"}, subjects, "a new enrollment sends its first step again")

	// Delete selected: every id is checked first.
	resp = h.Call("DELETE", "/api/v1/contacts/"+bob.ID+"/drips", map[string]any{"ids": []string{later.ID, "x"}}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	// A second step days away keeps its enrollment running until the end.
	other := h.CreateDrip("Other", []domain.DripStep{harness.EmailStep("Other", 0), harness.EmailStep("Other later", 3)}, nil)
	resp = h.Call("DELETE", "/api/v1/contacts/"+bob.ID+"/drips", map[string]any{"ids": []string{later.ID, other.ID}}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, prob.Errors[0].Message, other.ID)
	resp = h.CallAs(noMarketingToken(h), "DELETE", "/api/v1/contacts/"+bob.ID+"/drips", map[string]any{"ids": []string{later.ID}}, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	for _, d := range h.Drips(bob.ID) {
		assert.NotEqual(t, domain.DripRemoved, d.Status, d.CampaignName)
	}
	var del struct {
		Removed        []string `json:"removed"`
		AlreadyRemoved []string `json:"already_removed"`
	}
	resp = h.Call("DELETE", "/api/v1/contacts/"+bob.ID+"/drips", map[string]any{"ids": []string{later.ID, now.ID}}, &del)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	sort.Strings(del.Removed)
	want := []string{later.ID, now.ID}
	sort.Strings(want)
	assert.Equal(t, want, del.Removed)
	for _, d := range h.Drips(bob.ID) {
		assert.Equal(t, domain.DripRemoved, d.Status, d.CampaignName)
	}
	for _, id := range want {
		workflowClosed(t, h, id, bob.ID)
	}
	assert.Len(t, h.InboxFor("bob"), 2, "the scheduled enrollment never sent")

	// A drip campaign with no running enrollment can be deleted.
	resp = h.Call("DELETE", "/api/v1/drip-campaigns/"+later.ID, nil, nil)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	resp, _, _ = h.StartDrip(bob.ID, other.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	resp = h.Call("DELETE", "/api/v1/drip-campaigns/"+other.ID, nil, &prob)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
}

// workflowClosed waits until an enrollment's workflow has ended.
func workflowClosed(t *testing.T, h *harness.Harness, campaignID, contactID string) {
	t.Helper()
	workertest.Eventually(t, 10*time.Second, func() (bool, string) {
		desc, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), domain.DripWorkflowID(campaignID, contactID), "")
		if err != nil {
			return false, err.Error()
		}
		return desc.WorkflowExecutionInfo.CloseTime != nil, "workflow of " + campaignID + " still running"
	})
}

// TestDripAutoTrigger: a contact that comes to meet a campaign's trigger
// criteria is enrolled once while active; a paused enrollment is not
// restarted; a removed one is.
func TestDripAutoTrigger(t *testing.T) {
	h := harness.New(t)
	drip := h.CreateDrip("Realtors", []domain.DripStep{harness.EmailStep("Realtor welcome", 0), harness.EmailStep("Later", 10)},
		&domain.DripTrigger{PartnerType: "Realtor", Tag: "spring"})
	h.CreateDrip("Manual only", []domain.DripStep{harness.EmailStep("Manual", 0)}, nil)
	cara := h.NewContact("cara", map[string]any{"partner_type": "Lender", "tags": []string{"spring"}})
	assert.Empty(t, cara.DripsStarted)

	patch := func(body map[string]any) harness.ContactAnswer {
		t.Helper()
		var c harness.ContactAnswer
		resp := h.Call("PATCH", "/api/v1/contacts/"+cara.ID, body, &c)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%+v", c)
		return c
	}
	var prob harness.Problem
	resp := h.Call("PATCH", "/api/v1/contacts/"+cara.ID, map[string]any{"email": "bad", "partner_type": "Realtor"}, &prob)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	c := patch(map[string]any{"phone": "+15550111"})
	assert.Empty(t, c.DripsStarted, "still a lender")
	assert.Equal(t, "Lender", c.PartnerType, "bad input changed nothing")

	c = patch(map[string]any{"partner_type": "Realtor"})
	assert.Equal(t, []string{drip.ID}, c.DripsStarted)
	h.WaitSteps(cara.ID, drip.ID, 1)
	l := h.Drips(cara.ID)
	require.Len(t, l, 1)
	assert.Equal(t, domain.DripTriggered, l[0].Origin)
	assert.Equal(t, domain.DripActive, l[0].Status)

	// Still matching: exactly once while active.
	c = patch(map[string]any{"last_name": "Again"})
	assert.Empty(t, c.DripsStarted)
	// Paused: not restarted.
	resp = h.Call("POST", "/api/v1/contacts/"+cara.ID+"/drips/"+drip.ID+"/pause", nil, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	c = patch(map[string]any{"tags": []string{"spring", "vip"}})
	assert.Empty(t, c.DripsStarted)
	assert.Equal(t, domain.DripPaused, h.Drips(cara.ID)[0].Status)
	assert.Len(t, h.InboxFor("cara"), 1)

	// Removed: the trigger enrolls it again, as a new enrollment.
	resp = h.Call("POST", "/api/v1/contacts/"+cara.ID+"/drips/"+drip.ID+"/remove", nil, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	c = patch(map[string]any{"status": "Client"})
	assert.Equal(t, []string{drip.ID}, c.DripsStarted)
	h.WaitSteps(cara.ID, drip.ID, 1)
	l = h.Drips(cara.ID)
	assert.Equal(t, 2, l[0].Enrollment)
	assert.Equal(t, domain.DripTriggered, l[0].Origin)
	assert.Len(t, h.WaitInbox("cara"+h.Suffix, 2), 2, "the step is marked done before its email is sent")

	// A contact created already matching is enrolled too.
	dan := h.NewContact("dan", map[string]any{"partner_type": "realtor", "tags": []string{"Spring"}})
	assert.Equal(t, []string{drip.ID}, dan.DripsStarted)
	h.WaitSteps(dan.ID, drip.ID, 1)

	desc, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), domain.DripWorkflowID(drip.ID, dan.ID), "")
	require.NoError(t, err)
	indexed := desc.WorkflowExecutionInfo.SearchAttributes.GetIndexedFields()
	for _, k := range []string{"CampaignId", "ContactId", "DripStatus"} {
		assert.Contains(t, indexed, k, fmt.Sprintf("search attribute %s", k))
	}
}

// TestNoTriggerEvaluationWithoutTriggeredCampaigns: while no active drip
// campaign has trigger criteria, a contact's create or change starts no
// trigger evaluation at all; once one has, the next change is evaluated
// and enrolls the contact, and a contact the criteria do not hold for
// still starts none.
func TestNoTriggerEvaluationWithoutTriggeredCampaigns(t *testing.T) {
	h := harness.New(t)
	h.CreateDrip("Manual only", []domain.DripStep{harness.EmailStep("Manual", 0)}, nil)
	dana := h.NewContact("dana", map[string]any{"partner_type": "Realtor"})
	assert.Empty(t, dana.DripsStarted)
	_, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), domain.DripTriggerWorkflowID(dana.ID), "")
	var missing *serviceerror.NotFound
	require.ErrorAs(t, err, &missing, "no evaluation was started")

	drip := h.CreateDrip("Realtors", []domain.DripStep{harness.EmailStep("Realtor welcome", 0)}, &domain.DripTrigger{PartnerType: "Realtor"})
	var c harness.ContactAnswer
	require.Equal(t, http.StatusOK, h.Call("PATCH", "/api/v1/contacts/"+dana.ID, map[string]any{"phone": "+15550112"}, &c).StatusCode)
	assert.Equal(t, []string{drip.ID}, c.DripsStarted)
	_, err = h.Worker.Client.DescribeWorkflowExecution(t.Context(), domain.DripTriggerWorkflowID(dana.ID), "")
	require.NoError(t, err, "the change was evaluated in its workflow")

	lee := h.NewContact("lee", map[string]any{"partner_type": "Lender"})
	assert.Empty(t, lee.DripsStarted)
	_, err = h.Worker.Client.DescribeWorkflowExecution(t.Context(), domain.DripTriggerWorkflowID(lee.ID), "")
	require.ErrorAs(t, err, &missing, "criteria that do not hold start no evaluation")
}
