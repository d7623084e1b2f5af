package deliverability

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// newHarnessWith is a harness whose worker's activities hook changes first
// (its default time zone or frequency cap, say).
func newHarnessWith(t *testing.T, hook func(*activities.Activities)) *harness.Harness {
	t.Helper()
	st := storetest.New(t)
	wk := workertest.StartWith(t, workertest.Dial(t), st, workertest.NewTaskQueue("test"), 7, hook)
	return harness.NewOn(t, st, wk)
}

// zoneAt is a fixed-offset IANA zone (Etc/GMT±N, no daylight saving) whose
// clock reads the given hour now, with the moment that hour began.
func zoneAt(now time.Time, hour int) string {
	off := hour - now.UTC().Hour()
	switch {
	case off > 14:
		off -= 24
	case off < -12:
		off += 24
	}
	switch {
	case off > 0:
		return fmt.Sprintf("Etc/GMT-%d", off) // IANA's Etc signs are inverted
	case off < 0:
		return fmt.Sprintf("Etc/GMT+%d", -off)
	}
	return "UTC"
}

// outboxRow reads what the outbox says of one contact's email of a campaign.
type outboxRow struct {
	Status, LastError string
	DueAt             *time.Time
}

func outboxOf(h *harness.Harness, campaignID, contactID string) outboxRow {
	h.T.Helper()
	var r outboxRow
	require.NoError(h.T, h.Store.Pool().QueryRow(h.T.Context(), `SELECT status, last_error, due_at FROM outbox
		WHERE campaign_id = $1 AND contact_id = $2`, campaignID, contactID).Scan(&r.Status, &r.LastError, &r.DueAt))
	return r
}

// TestStartSendsInsideTheWindowAndQueuesTheRest: a campaign's send window
// (every day, 10 to 12) on each contact's own clock. The start sends at once
// to the contacts whose clock reads 10 o'clock now; a contact whose clock
// reads 22 o'clock, and a contact without a zone of its own (the default
// zone, here also at 22), get an outbox row due when 10 o'clock comes on
// their clock, twelve hours after the hour began, and nothing yet. The
// outbox sender then sends such a row once it is due and its contact is
// inside the window (here: its contact moved to the first zone and the due
// time was brought forward, as the clock would).
func TestStartSendsInsideTheWindowAndQueuesTheRest(t *testing.T) {
	now := time.Now()
	inside, outside := zoneAt(now, 10), zoneAt(now, 22)
	h := newHarnessWith(t, func(a *activities.Activities) { a.DefaultTimeZone, _ = time.LoadLocation(outside) })

	var p harness.Problem
	resp := h.Call("POST", "/api/v1/contacts", map[string]any{"first_name": "Zed", "last_name": "Zone", "time_zone": "Mars/Olympus_Mons"}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, "time_zone", p.Errors[0].Field)

	near := h.NewContact("Near", map[string]any{"time_zone": inside})
	far := h.NewContact("Far", map[string]any{"time_zone": outside})
	plain := h.NewContact("Plain", nil)
	assert.Equal(t, inside, near.TimeZone)
	assert.Empty(t, plain.TimeZone, "no zone of its own: DEFAULT_TIME_ZONE")

	id := h.CreateCampaign("Windowed")["id"].(string)
	settings := "/api/v1/campaigns/" + id + "/settings"
	resp = h.Call("PUT", settings, map[string]any{"send_window": map[string]any{"days": []string{"mon"}, "from_hour": 12, "to_hour": 10}}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, "send_window.to_hour", p.Errors[0].Field)
	every := []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	var s domain.CampaignSettings
	require.Equal(t, http.StatusOK, h.Call("PUT", settings, map[string]any{"send_window": map[string]any{"days": every, "from_hour": 10, "to_hour": 12}}, &s).StatusCode)
	require.NotNil(t, s.SendWindow)
	assert.Equal(t, 10, s.SendWindow.FromHour)

	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants",
		map[string]any{"contact_ids": []string{near.ID, far.ID, plain.ID}}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
	h.WaitStatuses(id, map[string]int{"Contacted": 3})
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		in := workertest.Inbox(t, h.Suffix)
		return len(in) == 1, fmt.Sprint(len(in), " messages")
	})
	assert.Equal(t, "sent", outboxOf(h, id, near.ID).Status)
	opens := now.Truncate(time.Hour).Add(12 * time.Hour) // 10 o'clock on a clock that read 22
	for _, c := range []harness.ContactAnswer{far, plain} {
		r := outboxOf(h, id, c.ID)
		assert.Equal(t, "pending", r.Status, c.FirstName)
		assert.Equal(t, "deferred: outside the send window", r.LastError)
		require.NotNil(t, r.DueAt)
		assert.True(t, r.DueAt.Equal(opens), "%s due %s, want %s", c.FirstName, r.DueAt, opens)
	}
	var details map[string]any
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), `SELECT details FROM activities WHERE campaign_id = $1 AND contact_id = $2
		AND kind = 'email'`, id, far.ID).Scan(&details))
	assert.Equal(t, "outside the send window", details["deferred"], "the contact's email activity says why it waits")
	assert.NotEmpty(t, details["deferred_until"])

	// The clock reaches the due time for Far, now in the first zone.
	require.Equal(t, http.StatusOK, h.Call("PATCH", "/api/v1/contacts/"+far.ID, map[string]any{"time_zone": inside}, nil).StatusCode)
	_, err := h.Store.Pool().Exec(t.Context(), "UPDATE outbox SET due_at = now() WHERE campaign_id = $1 AND contact_id = $2", id, far.ID)
	require.NoError(t, err)
	require.NoError(t, workflows.NewClients(h.Worker.Client, h.Worker.TaskQueue).Outbox.WakeOutboxSender(t.Context()))
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		r := outboxOf(h, id, far.ID)
		return r.Status == "sent", r.Status
	})
	assert.Len(t, workertest.Inbox(t, h.Suffix), 2)
	assert.Equal(t, "pending", outboxOf(h, id, plain.ID).Status, "still outside its window")
}

// TestDripStepOutsideItsWindowWaits: a drip campaign's window on the
// contact's clock defers its step's email, and the step's result says
// until when.
func TestDripStepOutsideItsWindowWaits(t *testing.T) {
	now := time.Now()
	h := harness.New(t)
	contact := h.NewContact("Dora", map[string]any{"time_zone": zoneAt(now, 22)})
	var d domain.DripCampaign
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/drip-campaigns", map[string]any{"name": "Windowed drip",
		"steps": []domain.DripStep{harness.EmailStep("Hello", 0)}, "over_cap": "skip",
		"send_window": map[string]any{"days": []string{"Mon", "tue", "wed", "thu", "fri", "sat", "sun"}, "from_hour": 9, "to_hour": 17}}, &d).StatusCode)
	require.NotNil(t, d.SendWindow)
	assert.Equal(t, []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, d.SendWindow.Days)
	assert.Equal(t, domain.OverCapSkip, d.OverCap)
	resp, _, _ := h.StartDrip(contact.ID, d.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	opens := now.Truncate(time.Hour).Add(11 * time.Hour) // 9 o'clock on a clock that read 22
	var steps struct{ Items []domain.DripStepState }
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		h.Call("GET", "/api/v1/contacts/"+contact.ID+"/drips/"+d.ID+"/steps", nil, &steps)
		return len(steps.Items) == 1 && steps.Items[0].Result != "", fmt.Sprint(steps.Items)
	})
	assert.Equal(t, "deferred: outside the send window until "+opens.UTC().Format(time.RFC3339), steps.Items[0].Result)
	assert.Empty(t, workertest.Inbox(t, h.Suffix))
}

// TestAudienceKeepsItsSendWindow: an audience's window is validated and kept
// with the version (its sweep's emails use it instead of the campaign's).
func TestAudienceKeepsItsSendWindow(t *testing.T) {
	h := harness.New(t)
	id := h.CreateCampaign("Audience window")["id"].(string)
	var p harness.Problem
	resp := h.Call("PUT", "/api/v1/campaigns/"+id+"/audience", map[string]any{"type": "Customers",
		"send_window": map[string]any{"days": []string{"someday"}, "from_hour": 9, "to_hour": 25}}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	fields := map[string]bool{}
	for _, e := range p.Errors {
		fields[e.Field] = true
	}
	assert.True(t, fields["send_window.days[0]"] && fields["send_window.to_hour"], "%v", p.Errors)
	require.Equal(t, http.StatusOK, h.Call("PUT", "/api/v1/campaigns/"+id+"/audience", map[string]any{"type": "Customers",
		"send_window": map[string]any{"days": []string{"sat"}, "from_hour": 9, "to_hour": 12}}, nil).StatusCode)
	v, err := h.Store.CurrentVersion(t.Context(), id)
	require.NoError(t, err)
	require.NotNil(t, v.Audience.SendWindow)
	assert.Equal(t, []string{"sat"}, v.Audience.SendWindow.Days)
}
