package campaigns

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/tests/harness"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_PARTICIPANTS")); err == nil && n > 0 {
		return n
	}
	return 300
}

// BenchmarkCampaignStart measures a campaign-wide start (everyone Targeted ->
// Contacted, one email each, one participant workflow each) and an audience
// sweep enrolling as many customers, against bare Temporal running the same
// number of one-activity workflows, in the same run on the same server. Run
// it with `make bench`.
func BenchmarkCampaignStart(b *testing.B) {
	n := benchSize()
	b.Run(fmt.Sprintf("drumbeat/participants=%d", n), func(b *testing.B) {
		harness.MaxParticipants = n
		defer func() { harness.MaxParticipants = 50 }()
		st := storetest.New(b)
		h := harness.NewOn(b, st, workertest.Start(b, st, 500))
		contacts := h.Contacts(n)
		b.ResetTimer()
		var emailed, started time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			id := h.CreateCampaign(fmt.Sprintf("Bench %d", i))["id"].(string)
			require.Equal(b, http.StatusCreated, h.Call("POST", "/api/v1/campaigns/"+id+"/participants",
				map[string]any{"contact_ids": contacts}, nil).StatusCode)
			before := len(workertest.Inbox(b, h.Suffix))
			b.StartTimer()
			t0 := time.Now()
			require.Equal(b, http.StatusOK, h.Call("POST", "/api/v1/campaigns/"+id+"/start", nil, nil).StatusCode)
			workertest.Eventually(b, 10*time.Minute, func() (bool, string) {
				got := len(workertest.Inbox(b, h.Suffix)) - before
				return got >= n, fmt.Sprintf("%d of %d emails", got, n)
			})
			emailed += time.Since(t0)
			workertest.Eventually(b, 10*time.Minute, func() (bool, string) {
				var st workflows.CampaignState
				v, err := h.Worker.Client.QueryWorkflow(b.Context(), domain.CampaignWorkflowID(id), "", workflows.QueryState)
				if err != nil || v.Get(&st) != nil {
					return false, fmt.Sprint(err)
				}
				return st.Started >= n && !st.FanoutPending, fmt.Sprintf("%d of %d workflows started", st.Started, n)
			})
			started += time.Since(t0)
		}
		b.ReportMetric(float64(n*b.N)/emailed.Seconds(), "emails/s")
		b.ReportMetric(float64(n*b.N)/started.Seconds(), "participants/s")
	})
	b.Run(fmt.Sprintf("audience-sweep/customers=%d", n), func(b *testing.B) {
		harness.MaxParticipants = n
		defer func() { harness.MaxParticipants = 50 }()
		st := storetest.New(b)
		h := harness.NewOn(b, st, workertest.Start(b, st, 500))
		contacts := h.Contacts(n)
		_, err := st.Pool().Exec(b.Context(), "UPDATE contacts SET customer_status = 'Active' WHERE id = ANY($1::uuid[])", contacts)
		require.NoError(b, err)
		b.ResetTimer()
		var emailed, swept time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			id := h.CreateCampaign(fmt.Sprintf("Sweep %d", i))["id"].(string)
			base := "/api/v1/campaigns/" + id
			require.Equal(b, http.StatusOK, h.Call("PUT", base+"/audience",
				map[string]any{"type": "Customers", "send_to": "All", "customer_status": "Active"}, nil).StatusCode)
			require.Equal(b, http.StatusOK, h.Call("PATCH", base,
				map[string]any{"start_date": time.Now().UTC().Format(time.DateOnly)}, nil).StatusCode)
			require.Equal(b, http.StatusOK, h.Call("POST", base+"/start", nil, nil).StatusCode)
			before := len(workertest.Inbox(b, h.Suffix))
			b.StartTimer()
			t0 := time.Now()
			done := make(chan workflows.AudienceSweepResult, 1)
			go func() { done <- sweepNow(h, id) }()
			workertest.Eventually(b, 10*time.Minute, func() (bool, string) {
				got := len(workertest.Inbox(b, h.Suffix)) - before
				return got >= n, fmt.Sprintf("%d of %d emails", got, n)
			})
			emailed += time.Since(t0)
			res := <-done
			swept += time.Since(t0)
			require.Equal(b, n, res.Enrolled)
		}
		b.ReportMetric(float64(n*b.N)/emailed.Seconds(), "emails/s")
		b.ReportMetric(float64(n*b.N)/swept.Seconds(), "enrolled/s")
	})
	b.Run(fmt.Sprintf("bare-temporal/workflows=%d", n), func(b *testing.B) {
		c := workertest.Dial(b)
		queue := workertest.NewTaskQueue("bare")
		w := sdkworker.New(c, queue, sdkworker.Options{})
		w.RegisterWorkflowWithOptions(bareWorkflow, workflow.RegisterOptions{Name: "BareWorkflow"})
		w.RegisterActivity(bareActivity)
		require.NoError(b, w.Start())
		b.Cleanup(w.Stop)
		b.ResetTimer()
		var total time.Duration
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			runs := make([]client.WorkflowRun, n)
			for j := range runs {
				run, err := c.ExecuteWorkflow(b.Context(), client.StartWorkflowOptions{
					ID: fmt.Sprintf("bare/%s/%d/%d", queue, i, j), TaskQueue: queue}, "BareWorkflow")
				require.NoError(b, err)
				runs[j] = run
			}
			for _, run := range runs {
				require.NoError(b, run.Get(b.Context(), nil))
			}
			total += time.Since(t0)
		}
		b.ReportMetric(float64(n*b.N)/total.Seconds(), "workflows/s")
	})
}

func bareWorkflow(ctx workflow.Context) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
	return workflow.ExecuteActivity(ctx, bareActivity).Get(ctx, nil)
}

func bareActivity(context.Context) error { return nil }
