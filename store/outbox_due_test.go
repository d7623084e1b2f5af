package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// queueContactEmails queues n emails to one contact (as campaign emails are).
func queueContactEmails(t *testing.T, st *store.Store, contactID string, n int) []string {
	t.Helper()
	keys := queueEmails(t, st, n)
	_, err := st.Pool().Exec(t.Context(), "UPDATE outbox SET contact_id = $1, lead_id = NULL WHERE idem_key = ANY($2)", contactID, keys)
	require.NoError(t, err)
	return keys
}

// TestFrequencyCapLetsOneContactsEmailsThroughOneSenderAtATime: eight
// senders each hold one email to the same contact and ask the cap (1 in a
// day) at once; exactly one is let through, the others are deferred to a
// day after it, and none is sent twice or counted twice.
func TestFrequencyCapLetsOneContactsEmailsThroughOneSenderAtATime(t *testing.T) {
	st := storetest.New(t)
	contact := uuid.NewString()
	require.NoError(t, st.UpsertContact(t.Context(), domain.Contact{ID: contact, FirstName: "C", LastName: "L", Email: "c@example.test"}))
	keys := queueContactEmails(t, st, contact, 8)
	cap := domain.FrequencyCap{Max: 1, Period: 24 * time.Hour}
	outcomes := make([]store.CapOutcome, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := store.Claim{By: fmt.Sprint("sender-", i), Lease: time.Minute}
			msgs, err := st.ClaimEmails(t.Context(), c, []string{k}, 1)
			if !assert.NoError(t, err) || !assert.Len(t, msgs, 1) {
				return
			}
			outcomes[i], err = st.ApplyFrequencyCap(t.Context(), c, []store.CapCandidate{{Key: k, ContactID: contact}}, cap)
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	through, deferred := 0, 0
	for _, o := range outcomes {
		through += len(o.Through)
		deferred += len(o.Deferred)
	}
	assert.Equal(t, 1, through, "one email to the contact in the day")
	assert.Equal(t, 7, deferred)
	var counted time.Time
	require.NoError(t, st.Pool().QueryRow(t.Context(), "SELECT counted_at FROM outbox WHERE counted_at IS NOT NULL").Scan(&counted))
	states, err := st.OutboxStates(t.Context(), keys)
	require.NoError(t, err)
	for _, o := range outcomes {
		for _, d := range o.Deferred {
			st := states[d.Key]
			assert.True(t, st.Waiting(), d.Key)
			assert.Equal(t, "deferred: frequency cap (1 in 1 day)", st.LastError)
			assert.WithinDuration(t, counted.Add(24*time.Hour), *st.DueAt, time.Millisecond)
		}
	}
}

// TestDueRowsAreClaimedWhenDueAndTheWakeIsPlanned: a row due later is left
// by the keyed claim and by the outbox sender's claim until its time; the
// sender's plan is the earliest due time, and a deferred row that fails for
// a passing reason is due again a little later.
func TestDueRowsAreClaimedWhenDueAndTheWakeIsPlanned(t *testing.T) {
	st := storetest.New(t)
	ctx := t.Context()
	keys := queueEmails(t, st, 3)
	_, err := st.Pool().Exec(ctx, "UPDATE outbox SET due_at = now() + interval '1 hour' WHERE idem_key = $1", keys[0])
	require.NoError(t, err)
	_, err = st.Pool().Exec(ctx, "UPDATE outbox SET due_at = now() - interval '1 second' WHERE idem_key = $1", keys[1])
	require.NoError(t, err)
	c := store.Claim{By: "sender", Lease: time.Minute}

	msgs, err := st.ClaimEmails(ctx, c, []string{keys[0]}, 10)
	require.NoError(t, err)
	assert.Empty(t, msgs, "not due yet")
	unsent, err := st.Unsent(ctx, store.EmailOutbox, []string{keys[0]})
	require.NoError(t, err)
	assert.Empty(t, unsent, "a row due later is the outbox sender's, not its caller's to wait for")

	due, err := st.ClaimDueEmails(ctx, c, 10)
	require.NoError(t, err)
	require.Len(t, due, 1, "only the row whose time has come (a row without a due time is its caller's)")
	assert.Equal(t, keys[1], due[0].Key)
	require.NoError(t, st.Release(ctx, store.EmailOutbox, c, []string{keys[1]}, "421 try later", false))
	states, err := st.OutboxStates(ctx, []string{keys[1]})
	require.NoError(t, err)
	require.True(t, states[keys[1]].Waiting())
	assert.True(t, states[keys[1]].DueAt.After(time.Now().Add(20*time.Second)), "due again later, after a passing failure")

	next, err := st.PlanOutboxWake(ctx)
	require.NoError(t, err)
	require.NotNil(t, next)
	first, wake, _, err := st.OutboxWakeCheck(ctx)
	require.NoError(t, err)
	assert.True(t, first.Equal(*next) && wake.Equal(*next), "the plan is the earliest due time")

	// An outbox sender that dies holding due rows leaves them to the next one.
	_, err = st.Pool().Exec(ctx, "UPDATE outbox SET due_at = now() - interval '1 second' WHERE idem_key = $1", keys[1])
	require.NoError(t, err)
	dying := store.Claim{By: "dying", Lease: time.Minute}
	taken, err := st.ClaimDueEmails(ctx, dying, 10)
	require.NoError(t, err)
	require.Len(t, taken, 1)
	again, err := st.ClaimDueEmails(ctx, c, 10)
	require.NoError(t, err)
	assert.Empty(t, again, "held by a live sender")
	expire(t, st, "outbox", "dying")
	again, err = st.ClaimDueEmails(ctx, c, 10)
	require.NoError(t, err)
	require.Len(t, again, 1, "its claim expired: the next sender takes it over")
	assert.Equal(t, keys[1], again[0].Key)
}

// TestFrequencyCapWaitsForAnotherSendersDecision: while another sender's
// transaction decides about a contact (it holds the contact's cap lock and
// lets an email through), a second decision about the contact waits, then
// counts that email and defers its own.
func TestFrequencyCapWaitsForAnotherSendersDecision(t *testing.T) {
	st := storetest.New(t)
	ctx := t.Context()
	contact := uuid.NewString()
	require.NoError(t, st.UpsertContact(ctx, domain.Contact{ID: contact, FirstName: "C", LastName: "L", Email: "c@example.test"}))
	keys := queueContactEmails(t, st, contact, 2)
	other, err := st.Pool().Begin(ctx)
	require.NoError(t, err)
	defer other.Rollback(ctx) //nolint:errcheck
	_, err = other.Exec(ctx, "SELECT pg_advisory_xact_lock(7100, hashtext($1))", contact)
	require.NoError(t, err)
	_, err = other.Exec(ctx, "UPDATE outbox SET status = 'sending', claimed_by = 'other', counted_at = now() WHERE idem_key = $1", keys[0])
	require.NoError(t, err)

	c := store.Claim{By: "second", Lease: time.Minute}
	msgs, err := st.ClaimEmails(ctx, c, keys[1:], 1)
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	done := make(chan store.CapOutcome, 1)
	go func() {
		out, err := st.ApplyFrequencyCap(ctx, c, []store.CapCandidate{{Key: keys[1], ContactID: contact}},
			domain.FrequencyCap{Max: 1, Period: time.Hour})
		assert.NoError(t, err)
		done <- out
	}()
	select {
	case <-done:
		t.Fatal("decided while another sender was deciding about the same contact")
	case <-time.After(500 * time.Millisecond):
	}
	require.NoError(t, other.Commit(ctx))
	out := <-done
	assert.Empty(t, out.Through)
	require.Len(t, out.Deferred, 1, "the other sender's email counts")
}

// TestAudienceEmailsCarryTheAudiencesWindow: the emails an audience sweep
// queues carry the audience's send window; without one, the campaign's.
func TestAudienceEmailsCarryTheAudiencesWindow(t *testing.T) {
	ctx := t.Context()
	st := storetest.New(t)
	manager := domain.User{ID: uuid.NewString(), Name: "M", Email: "m@example.test", Privileges: []string{domain.PrivCampaigns}}
	require.NoError(t, st.UpsertUser(ctx, manager))
	id := uuid.NewString()
	require.NoError(t, st.CreateCampaign(ctx, id, manager.ID, domain.CampaignInput{Name: "Windows", Priority: "A", ManagerID: manager.ID,
		Security: "public"}, domain.DefaultWorkflow()))
	campaignWindow := &domain.SendWindow{Days: []string{"mon"}, FromHour: 8, ToHour: 9}
	require.NoError(t, st.SetCampaignSettings(ctx, id, domain.CampaignSettings{TestRecipients: []string{}, AudienceIntervalSeconds: 3600, SendWindow: campaignWindow}))
	camp, err := st.GetCampaign(ctx, id)
	require.NoError(t, err)
	since, err := st.Now(ctx)
	require.NoError(t, err)
	windowOf := func(contact string) domain.SendWindow {
		var w domain.SendWindow
		require.NoError(t, st.Pool().QueryRow(ctx, "SELECT send_window FROM outbox WHERE contact_id = $1", contact).Scan(&w))
		return w
	}
	a, b := uuid.NewString(), uuid.NewString()
	for i, c := range []string{a, b} {
		require.NoError(t, st.UpsertContact(ctx, domain.Contact{ID: c, FirstName: "F", LastName: "L", Email: fmt.Sprint("w", i, "@example.test")}))
	}
	audience := &domain.SendWindow{Days: []string{"sat", "sun"}, FromHour: 10, ToHour: 14}
	_, _, err = st.EnrollAudience(ctx, camp, []string{a}, since, audience)
	require.NoError(t, err)
	_, _, err = st.EnrollAudience(ctx, camp, []string{b}, since, nil)
	require.NoError(t, err)
	assert.Equal(t, *audience, windowOf(a))
	assert.Equal(t, *campaignWindow, windowOf(b))
}
