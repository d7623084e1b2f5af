package store_test

import (
	"fmt"
	"github.com/google/uuid"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// queueEmails queues n emails and returns their keys in order.
func queueEmails(t *testing.T, st *store.Store, n int) []string {
	t.Helper()
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("test/claim/%03d", i)
		require.NoError(t, st.QueueLeadEmail(t.Context(), keys[i], 0,
			store.OutboxMessage{To: fmt.Sprintf("r%d@example.test", i), Subject: "S", Body: "B"}))
	}
	return keys
}

// expire makes every claim of holder run out, as when its sender died.
func expire(t *testing.T, st *store.Store, table, holder string) {
	t.Helper()
	_, err := st.Pool().Exec(t.Context(), "UPDATE "+table+" SET claimed_until = now() - interval '1 second' WHERE claimed_by = $1", holder)
	require.NoError(t, err)
}

func row(t *testing.T, st *store.Store, key string) (status, by, lastErr string, attempts int) {
	t.Helper()
	var holder *string
	require.NoError(t, st.Pool().QueryRow(t.Context(), "SELECT status, claimed_by, last_error, attempts FROM outbox WHERE idem_key = $1", key).
		Scan(&status, &holder, &lastErr, &attempts))
	if holder != nil {
		by = *holder
	}
	return
}

// TestClaimGivesEachRowToOneSender: twelve senders claim the same 60 keys at
// once; every row goes to exactly one of them, and none is left for a
// thirteenth while the claims last.
func TestClaimGivesEachRowToOneSender(t *testing.T) {
	st := storetest.New(t)
	keys := queueEmails(t, st, 60)
	got := make([][]string, 12)
	var wg sync.WaitGroup
	for s := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := store.Claim{By: fmt.Sprint("sender-", s), Lease: time.Minute}
			for {
				msgs, err := st.ClaimEmails(t.Context(), c, keys, 7)
				if !assert.NoError(t, err) || len(msgs) == 0 {
					return
				}
				for _, m := range msgs {
					got[s] = append(got[s], m.Key)
				}
			}
		}()
	}
	wg.Wait()
	var all []string
	for _, g := range got {
		all = append(all, g...)
	}
	slices.Sort(all)
	assert.Equal(t, keys, all, "each row claimed exactly once")

	late, err := st.ClaimEmails(t.Context(), store.Claim{By: "late", Lease: time.Minute}, keys, 100)
	require.NoError(t, err)
	assert.Empty(t, late, "held rows are not claimable")
	unsent, err := st.Unsent(t.Context(), store.EmailOutbox, keys)
	require.NoError(t, err)
	assert.Equal(t, keys, unsent, "a claimed row is not sent")
}

// TestExpiredClaimIsTakenOverOnce: a sender that died holds its rows until
// its lease runs out; then one sender (not two) takes them over, with the
// same Message-ID, and a sent row is never claimed again.
func TestExpiredClaimIsTakenOverOnce(t *testing.T) {
	st := storetest.New(t)
	keys := queueEmails(t, st, 3)
	dead := store.Claim{By: "dead", Lease: time.Minute}
	first, err := st.ClaimEmails(t.Context(), dead, keys, 10)
	require.NoError(t, err)
	require.Len(t, first, 3)
	require.NoError(t, st.MarkSent(t.Context(), store.EmailOutbox, keys[0]), "the first was accepted before the sender died")

	next := store.Claim{By: "next", Lease: time.Minute}
	none, err := st.ClaimEmails(t.Context(), next, keys, 10)
	require.NoError(t, err)
	assert.Empty(t, none, "the dead sender's lease has not run out yet")

	expire(t, st, "outbox", "dead")
	var taken [2][]store.OutboxMessage
	var wg sync.WaitGroup
	for i, by := range []string{"next", "other"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var cerr error
			taken[i], cerr = st.ClaimEmails(t.Context(), store.Claim{By: by, Lease: time.Minute}, keys, 10)
			assert.NoError(t, cerr)
		}()
	}
	wg.Wait()
	require.Equal(t, 2, len(taken[0])+len(taken[1]), "the two unsent rows are taken over once")
	for _, m := range append(taken[0], taken[1]...) {
		assert.NotEqual(t, keys[0], m.Key, "a sent row is never claimed again")
		i := slices.Index(keys, m.Key)
		assert.Equal(t, first[i].MessageID, m.MessageID, "the same Message-ID")
		_, _, _, attempts := row(t, st, m.Key)
		assert.Equal(t, 2, attempts)
	}
	status, _, _, attempts := row(t, st, keys[0])
	assert.Equal(t, "sent", status)
	assert.Equal(t, 1, attempts)
}

// TestRenewAndRelease: a renewal keeps a claim alive past its lease, for its
// holder only; a released row is pending again (or failed for good) and
// another holder cannot release what it does not hold.
func TestRenewAndRelease(t *testing.T) {
	st := storetest.New(t)
	keys := queueEmails(t, st, 3)
	mine := store.Claim{By: "mine", Lease: time.Minute}
	msgs, err := st.ClaimEmails(t.Context(), mine, keys, 10)
	require.NoError(t, err)
	require.Len(t, msgs, 3)

	expire(t, st, "outbox", "mine")
	other := store.Claim{By: "other", Lease: time.Minute}
	require.NoError(t, st.RenewClaims(t.Context(), store.EmailOutbox, other, keys), "renewing what one does not hold")
	require.NoError(t, st.Release(t.Context(), store.EmailOutbox, other, keys, "not mine", false), "releasing what one does not hold")
	require.NoError(t, st.RenewClaims(t.Context(), store.EmailOutbox, mine, keys))
	none, err := st.ClaimEmails(t.Context(), other, keys, 10)
	require.NoError(t, err)
	assert.Empty(t, none, "the holder's renewal kept the claims alive")
	status, by, _, _ := row(t, st, keys[0])
	assert.Equal(t, "sending", status)
	assert.Equal(t, "mine", by)

	require.NoError(t, st.Release(t.Context(), store.EmailOutbox, mine, keys[:1], "451 try later", false))
	require.NoError(t, st.Release(t.Context(), store.EmailOutbox, mine, keys[1:2], "550 no such user", true))
	status, _, lastErr, _ := row(t, st, keys[0])
	assert.Equal(t, "pending", status)
	assert.Equal(t, "451 try later", lastErr)
	status, _, lastErr, _ = row(t, st, keys[1])
	assert.Equal(t, "failed", status)
	assert.Equal(t, "550 no such user", lastErr)
	unsent, err := st.Unsent(t.Context(), store.EmailOutbox, keys)
	require.NoError(t, err)
	assert.Equal(t, []string{keys[0], keys[2]}, unsent)
	again, err := st.ClaimEmails(t.Context(), other, keys, 10)
	require.NoError(t, err)
	require.Len(t, again, 1, "only the released row is claimable")
	assert.Equal(t, keys[0], again[0].Key)
}

// TestSMSClaims: text messages are claimed, taken over after expiry and
// marked the same way.
func TestSMSClaims(t *testing.T) {
	st := storetest.New(t)
	keys := []string{"test/sms/1", "test/sms/2"}
	for _, k := range keys {
		_, err := st.Pool().Exec(t.Context(), "INSERT INTO sms_outbox (idem_key, to_phone, body) VALUES ($1, '+15550100', 'Hi')", k)
		require.NoError(t, err)
	}
	dead := store.Claim{By: "dead", Lease: time.Minute}
	msgs, err := st.ClaimSMS(t.Context(), dead, keys, 1)
	require.NoError(t, err)
	require.Len(t, msgs, 1, "the limit holds")
	assert.Equal(t, store.SMSMessage{Key: keys[0], To: "+15550100", Body: "Hi", Status: "sending"}, msgs[0])
	next := store.Claim{By: "next", Lease: time.Minute}
	msgs, err = st.ClaimSMS(t.Context(), next, keys, 10)
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, keys[1], msgs[0].Key, "the held one is skipped")
	require.NoError(t, st.MarkSent(t.Context(), store.SMSOutbox, keys[1]))

	expire(t, st, "sms_outbox", "dead")
	msgs, err = st.ClaimSMS(t.Context(), next, keys, 10)
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, keys[0], msgs[0].Key, "the expired claim is taken over; the sent one is not")
	unsent, err := st.Unsent(t.Context(), store.SMSOutbox, keys)
	require.NoError(t, err)
	assert.Equal(t, keys[:1], unsent)
}

// TestSMSClaimSuppressesWithoutConsent: a text message to a contact that
// refuses contact is not claimed for sending but ends suppressed, as an
// email does; one to a consenting contact is claimed as before.
func TestSMSClaimSuppressesWithoutConsent(t *testing.T) {
	st := storetest.New(t)
	refuses, agrees := uuid.NewString(), uuid.NewString()
	for _, c := range []struct {
		id      string
		consent bool
	}{{refuses, false}, {agrees, true}} {
		_, err := st.Pool().Exec(t.Context(), "INSERT INTO contacts (id, first_name, last_name, consent_to_contact) VALUES ($1, 'T', 'S', $2)", c.id, c.consent)
		require.NoError(t, err)
		_, err = st.Pool().Exec(t.Context(), "INSERT INTO sms_outbox (idem_key, contact_id, to_phone, body) VALUES ($1, $2, '+15550100', 'Hi')", "test/consent/"+c.id, c.id)
		require.NoError(t, err)
	}
	keys := []string{"test/consent/" + refuses, "test/consent/" + agrees}
	msgs, err := st.ClaimSMS(t.Context(), store.Claim{By: "me", Lease: time.Minute}, keys, 10)
	require.NoError(t, err)
	require.Len(t, msgs, 2)
	byKey := map[string]store.SMSMessage{msgs[0].Key: msgs[0], msgs[1].Key: msgs[1]}
	assert.Equal(t, "no_consent", byKey[keys[0]].Suppressed)
	assert.Equal(t, store.OutboxSuppressed, byKey[keys[0]].Status)
	assert.Empty(t, byKey[keys[1]].Suppressed)
	assert.Equal(t, "sending", byKey[keys[1]].Status)
	var status, lastErr string
	var attempts int
	require.NoError(t, st.Pool().QueryRow(t.Context(), "SELECT status, last_error, attempts FROM sms_outbox WHERE idem_key = $1", keys[0]).
		Scan(&status, &lastErr, &attempts))
	assert.Equal(t, []any{"suppressed", "suppressed: no_consent", 0}, []any{status, lastErr, attempts})
	unsent, err := st.Unsent(t.Context(), store.SMSOutbox, keys)
	require.NoError(t, err)
	assert.Equal(t, keys[1:], unsent, "the suppressed one is final")
}
