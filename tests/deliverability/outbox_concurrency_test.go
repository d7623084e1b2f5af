package deliverability

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// smsLog records every text message handed to the gateway.
type smsLog struct {
	mu   sync.Mutex
	keys []string
}

func (l *smsLog) SendSMS(_ context.Context, m activities.SMS) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.keys = append(l.keys, m.Key)
	return nil
}

func (l *smsLog) perKey() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]int{}
	for _, k := range l.keys {
		out[k]++
	}
	return out
}

// TestConcurrentBatchesDeliverEachEmailOnce: twenty batch status updates run
// at once on the same participants, alternating between two statuses that
// both send an email and a text message. Counted at the SMTP server (and at
// the SMS gateway), every Message-ID arrives exactly once, and there is one
// message per status change.
func TestConcurrentBatchesDeliverEachEmailOnce(t *testing.T) {
	st := storetest.New(t)
	gateway := &smsLog{}
	h := harness.NewOn(t, st, workertest.StartWith(t, workertest.Dial(t), st, workertest.NewTaskQueue("concurrent"), 7,
		func(a *activities.Activities) { a.SMS = gateway }))
	mail := func(subject string) []domain.Action {
		return []domain.Action{{Kind: domain.ActionEmail, Subject: subject + " {{nameFirst}}", Body: "Hello"},
			{Kind: domain.ActionSMS, Body: subject + " {{nameFirst}}"}}
	}
	def := domain.WorkflowDef{Statuses: []domain.ParticipantStatus{
		{Name: domain.StatusTargeted, Next: []string{domain.StatusContacted}},
		{Name: domain.StatusContacted, Next: []string{"Ping", "Pong"}, Actions: mail("Welcome")},
		{Name: "Ping", Next: []string{"Pong"}, Actions: mail("Ping")},
		{Name: "Pong", Next: []string{"Ping"}, Actions: mail("Pong")},
	}}
	const n, batches = 24, 20
	id := h.CreateCampaign("Ping pong")["id"].(string)
	h.SetWorkflow(id, def)
	contacts := h.Contacts(n)
	for i, c := range contacts {
		phone := fmt.Sprintf("+1555010%04d", i)
		require.NoError(t, st.UpsertContact(t.Context(), domain.Contact{ID: c, FirstName: fmt.Sprintf("First%d", i),
			LastName: "Last", Email: fmt.Sprintf("c%d%s", i, h.Suffix), Phone: phone}))
	}
	require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants",
		map[string]any{"contact_ids": contacts}, nil).StatusCode)
	require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
	h.WaitStatuses(id, map[string]int{"Contacted": n})
	var pids []string
	for _, p := range h.Participants(id) {
		pids = append(pids, p.ID)
	}

	ids := make([]string, batches)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b harness.BatchView
			resp := h.Call("POST", "/api/v1/campaigns/"+id+"/participants/status",
				map[string]any{"participant_ids": pids, "status": []string{"Ping", "Pong"}[i%2]}, &b)
			if assert.Equal(t, http.StatusAccepted, resp.StatusCode) {
				ids[i] = b.ID
			}
		}()
	}
	wg.Wait()
	changes := 0
	for _, b := range ids {
		require.NotEmpty(t, b)
		done := h.WaitBatch(b)
		require.Equal(t, domain.BatchCompleted, done.Status)
		changes += done.Succeeded
	}
	require.Greater(t, changes, n, "the batches moved participants more than once each")

	want := n + changes // one Welcome each, then one email per status change
	workertest.Eventually(t, 60*time.Second, func() (bool, string) {
		got := len(workertest.Inbox(t, h.Suffix))
		return got >= want, fmt.Sprintf("%d of %d messages", got, want)
	})
	perID := map[string]int{}
	for _, m := range workertest.Inbox(t, h.Suffix) {
		perID[m.MessageID]++
	}
	for mid, k := range perID {
		assert.Equal(t, 1, k, "message %s arrived %d times", mid, k)
	}
	assert.Len(t, perID, want)
	assert.Equal(t, want, h.Count("SELECT count(*) FROM outbox WHERE campaign_id = $1 AND status = 'sent'", id))

	texts := gateway.perKey()
	for key, k := range texts {
		assert.Equal(t, 1, k, "text message %s sent %d times", key, k)
	}
	assert.Len(t, texts, want)
	assert.Equal(t, want, h.Count("SELECT count(*) FROM sms_outbox WHERE campaign_id = $1 AND status = 'sent'", id))
}
