package campaigns

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

type audienceBody struct {
	Version     int                `json:"version"`
	Audience    domain.Audience    `json:"audience"`
	Eligibility domain.Eligibility `json:"eligibility"`
	Schedule    struct {
		ID      string `json:"id"`
		Exists  bool   `json:"exists"`
		Running bool   `json:"running"`
	} `json:"schedule"`
}

type previewBody struct {
	Count int `json:"count"`
	Items []struct {
		ContactID string `json:"contact_id"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
	Note       string `json:"note"`
}

func audience(h *harness.Harness, id string) audienceBody {
	h.T.Helper()
	var a audienceBody
	resp := h.Call("GET", "/api/v1/campaigns/"+id+"/audience", nil, &a)
	require.Equal(h.T, http.StatusOK, resp.StatusCode)
	return a
}

func preview(h *harness.Harness, id, query string) ([]string, int) {
	h.T.Helper()
	var p previewBody
	resp := h.Call("GET", "/api/v1/campaigns/"+id+"/audience/preview"+query, nil, &p)
	require.Equal(h.T, http.StatusOK, resp.StatusCode)
	var ids []string
	for _, it := range p.Items {
		ids = append(ids, it.ContactID)
	}
	return ids, p.Count
}

// sweepNow triggers the campaign's audience schedule and waits until that
// run finished, returning its result.
func sweepNow(h *harness.Harness, id string) workflows.AudienceSweepResult {
	h.T.Helper()
	ctx := h.T.Context()
	// The schedule follows the campaign in the background; reading the
	// audience waits until it is in line.
	require.True(h.T, audience(h, id).Schedule.Exists, "the campaign has an audience schedule")
	handle := h.Worker.Client.ScheduleClient().GetHandle(ctx, domain.AudienceScheduleID(id))
	before, err := handle.Describe(ctx)
	require.NoError(h.T, err)
	require.NoError(h.T, handle.Trigger(ctx, client.ScheduleTriggerOptions{}))
	var desc *client.ScheduleDescription
	workertest.Eventually(h.T, 30*time.Second, func() (bool, string) {
		desc, err = handle.Describe(ctx)
		if err != nil {
			return false, err.Error()
		}
		return desc.Info.NumActions > before.Info.NumActions && len(desc.Info.RecentActions) > 0, "waiting for the sweep to start"
	})
	last := desc.Info.RecentActions[len(desc.Info.RecentActions)-1].StartWorkflowResult
	var res workflows.AudienceSweepResult
	require.NoError(h.T, h.Worker.Client.GetWorkflow(ctx, last.WorkflowID, last.FirstExecutionRunID).Get(ctx, &res))
	return res
}

// Customers audience: preview, eligibility with its reasons, and the
// schedule that enrolls each new match once and runs its actions.
func TestCustomerAudienceOnSchedule(t *testing.T) {
	h := harness.New(t)
	vip, retail := h.Group("VIP"), h.Group("Retail")
	cs := h.Contacts(6)
	h.Customer(cs[0], "Active", vip)
	h.Customer(cs[1], "Inactive", vip)
	h.Customer(cs[2], "Active", retail)
	h.Customer(cs[3], "Active")
	// cs[4] is no customer; cs[5] joins VIP later.
	_, err := h.Store.Pool().Exec(t.Context(), `UPDATE contacts SET phone = '+15550100' WHERE id = $1`, cs[0])
	require.NoError(t, err)

	id := h.CreateCampaign("Loyalty")["id"].(string)
	base := "/api/v1/campaigns/" + id
	_, n := preview(h, id, "")
	assert.Zero(t, n)
	var p harness.Problem
	resp := h.Call("PUT", base+"/audience", map[string]any{"type": "Customers", "send_to": "Some"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "send_to")
	resp = h.Call("PUT", base+"/audience", map[string]any{"type": "Prospects"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "type")

	for _, tc := range []struct {
		group, status string
		want          []string
	}{
		{"", "All", []string{cs[0], cs[1], cs[2], cs[3]}},
		{"", "Active", []string{cs[0], cs[2], cs[3]}},
		{vip, "All", []string{cs[0], cs[1]}},
		{vip, "Inactive", []string{cs[1]}},
		{vip, "Active", []string{cs[0]}},
	} {
		resp = h.Call("PUT", base+"/audience", map[string]any{"type": "customers", "customer_group_id": tc.group,
			"send_to": "All", "customer_status": tc.status}, nil)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		got, n := preview(h, id, "")
		assert.ElementsMatch(t, tc.want, got, "group %q status %s", tc.group, tc.status)
		assert.Equal(t, len(tc.want), n)
	}
	resp = h.Call("GET", base+"/audience/preview?limit=0", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "limit")

	statuses := harness.ContactedEmail("Thanks {{nameFirst}}",
		domain.Action{Kind: domain.ActionSMS, Body: "Hi {{nameFirst}}"},
		domain.Action{Kind: domain.ActionPoints, Points: 10},
		domain.Action{Kind: domain.ActionEngagement, Subject: "Loyalty touch"})
	resp = h.Call("PUT", base+"/workflow", map[string]any{"statuses": statuses}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)

	// Not eligible yet, and the API says why.
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	resp = h.Call("PATCH", base, map[string]any{"start_date": tomorrow}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	a := audience(h, id)
	assert.False(t, a.Eligibility.Eligible)
	assert.Contains(t, a.Eligibility.Reasons, "the current version (1) is Draft, not Published")
	assert.Contains(t, a.Eligibility.Reasons, "the start date "+tomorrow+" is in the future")
	assert.Contains(t, a.Eligibility.Reasons, "the campaign is planning, not in progress")
	assert.Contains(t, a.Eligibility.Reasons, "its audience schedule is not running")
	assert.False(t, a.Schedule.Exists)
	resp = h.Call("POST", base+"/audience/run", nil, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")

	// Started (which publishes) but before its start date: the schedule runs, nobody enrolls.
	code, p := h.Move(id, "start")
	require.Equal(t, http.StatusOK, code, "%+v", p)
	a = audience(h, id)
	assert.True(t, a.Schedule.Exists)
	assert.True(t, a.Schedule.Running)
	assert.Equal(t, []string{"the start date " + tomorrow + " is in the future"}, a.Eligibility.Reasons)
	res := sweepNow(h, id)
	assert.False(t, res.Eligible)
	assert.Zero(t, res.Enrolled)
	assert.Empty(t, h.Participants(id))

	// In the window: the sweep enrolls VIP + Active and runs the actions.
	resp = h.Call("PATCH", base, map[string]any{"start_date": time.Now().UTC().Format(time.DateOnly)}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	a = audience(h, id)
	assert.True(t, a.Eligibility.Eligible, "%v", a.Eligibility.Reasons)
	res = sweepNow(h, id)
	assert.True(t, res.Eligible)
	assert.Equal(t, 1, res.Enrolled)
	ps := h.Participants(id)
	require.Len(t, ps, 1)
	assert.Equal(t, cs[0], ps[0].ContactID)
	assert.Equal(t, "Contacted", ps[0].Status)
	h.AssertOneEmailEach(1)
	harness.UnsubscribeToken(t, workertest.Inbox(t, h.Suffix)[0]) // an audience's email offers one-click unsubscribe too
	var sms, score, engagements int
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), `SELECT count(*) FROM sms_outbox WHERE campaign_id = $1 AND to_phone = '+15550100' AND status = 'sent'`, id).Scan(&sms))
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), `SELECT score FROM contacts WHERE id = $1`, cs[0]).Scan(&score))
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), `SELECT count(*) FROM activities WHERE campaign_id = $1 AND kind = 'engagement'`, id).Scan(&engagements))
	assert.Equal(t, [3]int{1, 10, 2}, [3]int{sms, score, engagements}, "sms, points, engagement records (join + action)")
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		_, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), domain.ParticipantWorkflowID(id, ps[0].ID), "")
		return err == nil, fmt.Sprint(err)
	})

	// Group changes apply from the next run; nobody is enrolled twice.
	h.Customer(cs[5], "Active", vip)
	res = sweepNow(h, id)
	assert.Equal(t, 1, res.Enrolled)
	res = sweepNow(h, id)
	assert.Zero(t, res.Enrolled)
	assert.Len(t, h.Participants(id), 2)
	h.AssertOneEmailEach(2)
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), `SELECT score FROM contacts WHERE id = $1`, cs[0]).Scan(&score))
	assert.Equal(t, 10, score, "points are added once")

	// Pausing the campaign's audience pauses its schedule; so does unpublishing.
	schedule := h.Worker.Client.ScheduleClient().GetHandle(t.Context(), domain.AudienceScheduleID(id))
	// paused waits (the scheduler applies changes asynchronously) until the
	// schedule's pause is as expected and returns it.
	paused := func(want bool) bool {
		var got bool
		workertest.Eventually(t, 10*time.Second, func() (bool, string) {
			d, err := schedule.Describe(t.Context())
			require.NoError(t, err)
			got = d.Schedule.State.Paused
			return got == want, fmt.Sprintf("paused = %v", got)
		})
		return got
	}
	resp = h.Call("PUT", base+"/settings", map[string]any{"audience_paused": true, "audience_interval_seconds": 120}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.True(t, paused(true))
	d, err := schedule.Describe(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 120*time.Second, d.Schedule.Spec.Intervals[0].Every)
	assert.Contains(t, audience(h, id).Eligibility.Reasons, "its audience schedule is not running")
	resp = h.Call("PUT", base+"/settings", map[string]any{"audience_paused": false}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.False(t, paused(false))
	code, _ = h.SetVersion(id, 1, "Sundown")
	require.Equal(t, http.StatusOK, code)
	assert.True(t, paused(true))
	// A sweep that runs anyway (already scheduled) enrolls nobody.
	h.Customer(cs[3], "Active", vip)
	run, err := h.Worker.Client.ExecuteWorkflow(t.Context(), client.StartWorkflowOptions{TaskQueue: h.Worker.TaskQueue},
		workflows.AudienceSweepWorkflowName, workflows.AudienceSweepInput{CampaignID: id})
	require.NoError(t, err)
	require.NoError(t, run.Get(t.Context(), &res))
	assert.False(t, res.Eligible)
	assert.Contains(t, res.Reasons, "the current version (1) is Sundown, not Published")
	assert.Zero(t, res.Enrolled)
	assert.Len(t, h.Participants(id), 2)

	// A published audience is frozen like the rest of the definition.
	code, _ = h.SetVersion(id, 1, "Published")
	require.Equal(t, http.StatusOK, code)
	assert.False(t, paused(false), "republished: the schedule runs again")
	resp = h.Call("PUT", base+"/audience", map[string]any{"type": "Customers"}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusConflict, "")
	code, _ = h.Move(id, "complete")
	require.Equal(t, http.StatusOK, code)
	assert.True(t, paused(true), "a completed campaign's schedule is paused")

	// Deleting the campaign record deletes its schedule.
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		resp := h.Call("DELETE", base, nil, &p)
		return resp.StatusCode == http.StatusNoContent, p.Detail
	})
	_, err = schedule.Describe(t.Context())
	var nf *serviceerror.NotFound
	assert.ErrorAs(t, err, &nf)
}

// A Leads audience stores its segment filters and matches the contacts of
// the leads they select. The leads table belongs to the leads area; where
// this database lacks it, the test creates the columns the audience reads.
func TestLeadAudienceFilters(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Leads")["id"].(string)
	base := "/api/v1/campaigns/" + id
	var p harness.Problem
	resp := h.Call("PUT", base+"/audience", map[string]any{"type": "Customers",
		"lead_filters": map[string]any{"market_segment": "Retirement"}}, &p)
	harness.ExpectProblem(t, resp, p, http.StatusUnprocessableEntity, "lead_filters")
	filters := map[string]any{"market_segment": "Retirement", "sales_concept": "mortgage needs"}
	resp = h.Call("PUT", base+"/audience", map[string]any{"type": "leads", "lead_filters": filters}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	a := audience(h, id)
	assert.Equal(t, domain.Audience{Type: "Leads", SendTo: "All", CustomerStatus: "All",
		LeadFilters: domain.LeadFilters{MarketSegment: "Retirement", SalesConcept: "mortgage needs"}}, a.Audience)

	cs := h.Contacts(4)
	for i, l := range [][3]string{{"Retirement", "Mortgage Needs", "Conference"}, {"Retirement", "General Interest", "Vendor List"},
		{"Starting Out", "Mortgage Needs", "Conference"}, {"Retirement", "Mortgage Needs", "Conference"}} {
		b := h.LeadBody(fmt.Sprintf("Lead%d", i), "Audience")
		b["matched_contact_id"], b["market_segment"], b["sales_concept"], b["source_type"] = cs[i], l[0], l[1], l[2]
		lead := h.CreateLead(b)
		if i == 3 { // an archived lead is history, not an audience
			require.Equal(t, http.StatusOK, h.Call("POST", harness.LeadPath(lead.ID, "/archive"), nil, nil).StatusCode)
		}
	}
	got, n := preview(h, id, "")
	assert.Equal(t, []string{cs[0]}, got)
	assert.Equal(t, 1, n)
	resp = h.Call("PUT", base+"/audience", map[string]any{"type": "Leads", "lead_filters": map[string]any{"source_type": "conference"}}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	got, n = preview(h, id, "?limit=1")
	assert.Len(t, got, 1)
	assert.Equal(t, 2, n)
}

// failOnceStarter fails its first start call, after the page's enrolment
// and email, like a worker lost in the middle of a sweep page.
type failOnceStarter struct {
	activities.ParticipantStarter
	calls atomic.Int32
}

func (f *failOnceStarter) StartParticipants(ctx context.Context, c domain.Campaign, ps []domain.Participant, restart bool) error {
	if f.calls.Add(1) == 1 {
		return errors.New("connection to Temporal lost")
	}
	return f.ParticipantStarter.StartParticipants(ctx, c, ps, restart)
}

// A sweep page that fails half-way is retried: everyone is enrolled once,
// emailed once, and every participant workflow runs.
func TestAudienceSweepRetryRepeatsNothing(t *testing.T) {
	st := storetest.New(t)
	c := workertest.Dial(t)
	failing := &failOnceStarter{}
	wk := workertest.StartWith(t, c, st, workertest.NewTaskQueue("sweep"), 7, func(acts *activities.Activities) {
		failing.ParticipantStarter = acts.Starter
		acts.Starter = failing
	})
	h := harness.NewOn(t, st, wk)
	cs := h.Contacts(3)
	for _, id := range cs {
		h.Customer(id, "Active")
	}
	id := h.CreateCampaign("Retry")["id"].(string)
	resp := h.Call("PUT", "/api/v1/campaigns/"+id+"/audience", map[string]any{"type": "Customers"}, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	code, p := h.Move(id, "start")
	require.Equal(t, http.StatusOK, code, "%+v", p)

	res := sweepNow(h, id)
	assert.Equal(t, 3, res.Started, "%+v", res)
	assert.GreaterOrEqual(t, failing.calls.Load(), int32(2), "the first attempt failed")
	h.AssertOneEmailEach(3)
	ps := h.Participants(id)
	require.Len(t, ps, 3)
	for _, pt := range ps {
		assert.Equal(t, "Contacted", pt.Status)
		_, err := h.Worker.Client.DescribeWorkflowExecution(t.Context(), domain.ParticipantWorkflowID(id, pt.ID), "")
		assert.NoError(t, err)
	}
}
