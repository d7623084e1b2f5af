package deliverability

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/activities/smtptest"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// countingMailer counts the messages one worker had accepted.
type countingMailer struct {
	activities.Mailer
	sent *atomic.Int32
}

func (m countingMailer) Send(ctx context.Context, emails []activities.Email, report func(int, error)) {
	m.Mailer.Send(ctx, emails, func(i int, err error) {
		if err == nil {
			m.sent.Add(1)
		}
		report(i, err)
	})
}

// TestEmailRateHoldsAcrossTwoWorkers: two workers on one task queue, each
// with EMAIL_RATE=20 and one activity slot (so each runs one of two
// campaign starts at the same time), together hand the SMTP server no more
// than about 20 messages a second: in no second more than 20 (plus a small
// tolerance for timing), and 90 messages take about 4.5 s. Without the
// shared limit, 90 messages arrive within a fraction of a second.
func TestEmailRateHoldsAcrossTwoWorkers(t *testing.T) {
	const rate, perCampaign = 20, 45
	st := storetest.New(t)
	srv := smtptest.Start(t, smtptest.Options{})
	c := workertest.Dial(t)
	queue := workertest.NewTaskQueue("rate")
	var sent [2]atomic.Int32
	start := func(i int) *workertest.Env {
		return workertest.StartWithOptions(t, c, st, queue, 10, worker.Options{MaxConcurrentActivities: 1}, func(a *activities.Activities) {
			m, err := activities.NewSMTPMailer(srv.URL(), "Drumbeat Tests <tests@drumbeat.local>", 4)
			require.NoError(t, err)
			t.Cleanup(m.Close)
			m.Pacer = &activities.SendRate{Store: st, PerSecond: rate}
			a.Mailer = countingMailer{Mailer: m, sent: &sent[i]}
		})
	}
	h := harness.NewOn(t, st, start(0))
	start(1)

	var ids []string
	for _, name := range []string{"Rate one", "Rate two"} {
		id := h.CreateCampaign(name)["id"].(string)
		require.Equal(t, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants",
			map[string]any{"contact_ids": h.Contacts(perCampaign)}, nil).StatusCode)
		ids = append(ids, id)
	}
	for _, id := range ids {
		require.Equal(t, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
	}
	total := 2 * perCampaign
	workertest.Eventually(t, 60*time.Second, func() (bool, string) {
		return srv.Received() == total, fmt.Sprint("received ", srv.Received())
	})

	arrivals := srv.Arrivals()
	slices.SortFunc(arrivals, func(a, b time.Time) int { return a.Compare(b) })
	busiest := 0
	for i, from := range arrivals {
		n := 0
		for _, at := range arrivals[i:] {
			if at.Sub(from) < time.Second {
				n++
			}
		}
		busiest = max(busiest, n)
	}
	span := arrivals[len(arrivals)-1].Sub(arrivals[0])
	t.Logf("%d messages in %s, at most %d in one second; worker 1 sent %d, worker 2 sent %d",
		total, span, busiest, sent[0].Load(), sent[1].Load())
	// The moments are reserved 1/EMAIL_RATE apart; what the SMTP server
	// sees also holds the hand-over's own delays: a message handed over
	// late (a busy machine) arrives with those of the moments after it. A
	// second may so hold up to half a second's worth more, never the burst
	// of a sender with no rate.
	assert.LessOrEqual(t, busiest, rate*3/2, "no second holds much more than EMAIL_RATE messages")
	assert.GreaterOrEqual(t, span, time.Duration(float64(total-rate-3)/rate*float64(time.Second)),
		"the messages were spread at the rate, not sent at once")
	assert.Positive(t, sent[0].Load(), "the first worker sent some")
	assert.Positive(t, sent[1].Load(), "the second worker sent some")
	assert.Equal(t, int32(total), sent[0].Load()+sent[1].Load())
}
