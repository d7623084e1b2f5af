package api_test

import (
	"bytes"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestIdempotencyKeyMakesRetriesSafe: a batch email and a document email
// repeated with the same Idempotency-Key are answered with the first batch
// and send each message once, counted at the SMTP server; the same key with
// another body is 422; another user's same key is theirs alone; keys are
// checked.
func TestIdempotencyKeyMakesRetriesSafe(t *testing.T) {
	h := harness.New(t)
	var ids []int64
	for _, name := range []string{"Ida", "Ivo", "Isa"} {
		ids = append(ids, h.CreateLead(h.LeadBody(name, "Retry")).ID)
	}
	email := map[string]any{"lead_ids": ids, "subject": "Once only", "body": "Hello"}

	first, a := h.PostWithKey(h.Token, "/api/v1/leads/email", "retry-1", email)
	require.Equal(t, http.StatusAccepted, first.StatusCode, "%v", a)
	assert.Empty(t, first.Header.Get("Idempotent-Replayed"))
	again, b := h.PostWithKey(h.Token, "/api/v1/leads/email", "retry-1", email)
	require.Equal(t, http.StatusAccepted, again.StatusCode, "%v", b)
	assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
	assert.Equal(t, a["id"], b["id"], "the same batch")
	assert.Equal(t, first.Header.Get("Location"), again.Header.Get("Location"))
	h.WaitBatch(a["id"].(string))

	// Concurrent repeats: one runs, the others wait (409) or get its answer.
	var wg sync.WaitGroup
	batches := make(chan any, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, out := h.PostWithKey(h.Token, "/api/v1/leads/email", "retry-2", email)
			switch resp.StatusCode {
			case http.StatusAccepted:
				batches <- out["id"]
			case http.StatusConflict:
				assert.Equal(t, "1", resp.Header.Get("Retry-After"))
			default:
				t.Errorf("concurrent repeat answered %d: %v", resp.StatusCode, out)
			}
		}()
	}
	wg.Wait()
	close(batches)
	var second any
	for id := range batches {
		if second == nil {
			second = id
		}
		assert.Equal(t, second, id, "every accepted repeat names the one batch")
	}
	require.NotNil(t, second)
	h.WaitBatch(second.(string))

	// Two keys, two batches: each lead got exactly two messages, no more.
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		n := len(workertest.Inbox(t, h.Suffix))
		return n >= 6, "messages"
	})
	time.Sleep(500 * time.Millisecond) // anything sent twice would arrive now
	perAddress := map[string]int{}
	for _, m := range workertest.Inbox(t, h.Suffix) {
		perAddress[m.To[0]]++
	}
	assert.Len(t, perAddress, 3)
	for to, n := range perAddress {
		assert.Equal(t, 2, n, "messages to %s", to)
	}

	// The same key with another request is refused and starts nothing.
	other := map[string]any{"lead_ids": ids[:1], "subject": "Something else", "body": "Hello"}
	resp, out := h.PostWithKey(h.Token, "/api/v1/leads/email", "retry-1", other)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%v", out)
	assert.Contains(t, out["errors"].([]any)[0].(map[string]any)["field"], "Idempotency-Key")
	assert.Equal(t, 2, h.Count("SELECT count(*) FROM batch_processes WHERE type = $1", domain.BatchLeadEmail))

	// Another user's key is their own.
	_, mine := h.UserWithToken("Second sender", domain.PrivLeads)
	resp, out = h.PostWithKey(mine, "/api/v1/leads/email", "retry-1", email)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%v", out)
	assert.NotEqual(t, a["id"], out["id"])
	assert.Empty(t, resp.Header.Get("Idempotent-Replayed"))

	// A key is printable, without spaces, at most 255 characters.
	resp, _ = h.PostWithKey(h.Token, "/api/v1/leads/email", "two words", email)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	resp, _ = h.PostWithKey(h.Token, "/api/v1/leads/email", string(bytes.Repeat([]byte("k"), 256)), email)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
}

// TestIdempotentDocumentEmail: emailing a campaign's document to its
// participants, repeated with the same key, sends each message once.
func TestIdempotentDocumentEmail(t *testing.T) {
	h := harness.New(t)
	fx := h.PrivateCampaign("Once", 3)
	path := "/api/v1/campaigns/" + fx.ID + "/documents/" + fx.DocID + "/email"
	body := map[string]any{"participant_ids": []string{fx.Participants[0].ID, fx.Participants[1].ID}}
	resp, a := h.PostWithKey(fx.InsiderToken, path, "doc-1", body)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%v", a)
	resp, b := h.PostWithKey(fx.InsiderToken, path, "doc-1", body)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%v", b)
	assert.Equal(t, a["id"], b["id"])
	h.WaitBatch(a["id"].(string))
	workertest.Eventually(t, 30*time.Second, func() (bool, string) {
		return len(workertest.Inbox(t, h.Suffix)) >= 2, "messages"
	})
	time.Sleep(500 * time.Millisecond)
	assert.Len(t, workertest.Inbox(t, h.Suffix), 2, "one message per participant")
	// A refusal is kept too: the repeat of a refused request is refused the same way.
	bad := map[string]any{"participant_ids": []string{"not-an-id"}}
	r1, p1 := h.PostWithKey(fx.InsiderToken, path, "doc-2", bad)
	r2, p2 := h.PostWithKey(fx.InsiderToken, path, "doc-2", bad)
	assert.Equal(t, r1.StatusCode, r2.StatusCode)
	assert.Equal(t, p1["detail"], p2["detail"])
}
