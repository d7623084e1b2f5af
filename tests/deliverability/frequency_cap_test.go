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
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestFrequencyCapAcrossCampaignsAndDrips: with FREQUENCY_CAP=2/7d, a
// contact gets a campaign's email and a drip step's email; a third campaign
// that skips past the cap skips its email (the outbox row and the contact's
// activity say so), and a drip step past the cap is deferred to the moment
// the first of the two leaves the 7 days (its step result says until when).
func TestFrequencyCapAcrossCampaignsAndDrips(t *testing.T) {
	h := newHarnessWith(t, func(a *activities.Activities) {
		a.FrequencyCap = domain.FrequencyCap{Max: 2, Period: 7 * 24 * time.Hour}
	})
	contact := h.NewContact("Cappy", nil)
	waitInbox := func(n int) {
		workertest.Eventually(t, 20*time.Second, func() (bool, string) {
			in := workertest.Inbox(t, h.Suffix)
			return len(in) == n, fmt.Sprint(len(in), " messages")
		})
	}
	campaign := func(name, overCap string) string {
		id := h.CreateCampaign(name)["id"].(string)
		require.Equal(t, http.StatusOK, h.Call("PUT", "/api/v1/campaigns/"+id+"/settings", map[string]any{"over_cap": overCap}, nil).StatusCode)
		require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants",
			map[string]any{"contact_ids": []string{contact.ID}}, nil).StatusCode)
		require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
		h.WaitStatuses(id, map[string]int{"Contacted": 1})
		return id
	}
	steps := func(dripID string) []domain.DripStepState {
		var out struct{ Items []domain.DripStepState }
		workertest.Eventually(t, 20*time.Second, func() (bool, string) {
			h.Call("GET", "/api/v1/contacts/"+contact.ID+"/drips/"+dripID+"/steps", nil, &out)
			return len(out.Items) == 1 && out.Items[0].Result != "", fmt.Sprint(out.Items)
		})
		return out.Items
	}
	var p harness.Problem
	resp := h.Call("PUT", "/api/v1/campaigns/"+h.CreateCampaign("Bad")["id"].(string)+"/settings", map[string]any{"over_cap": "sometimes"}, &p)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Equal(t, "over_cap", p.Errors[0].Field)

	first := campaign("First", "defer")
	waitInbox(1)
	drip := h.CreateDrip("Nurture", []domain.DripStep{harness.EmailStep("Hello", 0)}, nil)
	resp, _, _ = h.StartDrip(contact.ID, drip.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "sent", steps(drip.ID)[0].Result)
	waitInbox(2)

	third := campaign("Third", "skip")
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		r := outboxOf(h, third, contact.ID)
		return r.Status == "skipped", r.Status
	})
	assert.Equal(t, "skipped: frequency cap (2 in 7 days)", outboxOf(h, third, contact.ID).LastError)
	var details map[string]any
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), `SELECT details FROM activities WHERE campaign_id = $1 AND kind = 'email'`,
		third).Scan(&details))
	assert.Equal(t, "frequency cap (2 in 7 days)", details["skipped"])

	later := h.CreateDrip("Later", []domain.DripStep{harness.EmailStep("Again", 0)}, nil)
	resp, _, _ = h.StartDrip(contact.ID, later.ID, "")
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	var counted time.Time
	require.NoError(t, h.Store.Pool().QueryRow(t.Context(), `SELECT counted_at FROM outbox WHERE campaign_id = $1`, first).Scan(&counted))
	want := counted.Add(7 * 24 * time.Hour).UTC().Format(time.RFC3339)
	assert.Equal(t, "deferred: frequency cap (2 in 7 days) until "+want, steps(later.ID)[0].Result)
	assert.Len(t, workertest.Inbox(t, h.Suffix), 2, "two emails in the period, whatever their source")
}
