package activities_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/activities/smtptest"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
)

// noStarter starts no workflow: the benchmark measures the sending side.
type noStarter struct{ activities.ParticipantStarter }

func (noStarter) StartParticipants(context.Context, domain.Campaign, []domain.Participant, bool) error {
	return nil
}

// BenchmarkBulkStartSending measures the sending side of a campaign start
// alone (SQL pages, claims, SMTP, per-message marks) on the real PostgreSQL
// and an SMTP server in this process, with no workflow started: the
// messages a second it reports bound what `make bench` (b) can reach.
// BULK_N sets the participants (default 5,000).
func BenchmarkBulkStartSending(b *testing.B) {
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("BULK_N")); err == nil && v > 0 {
		n = v
	}
	for _, pool := range []int{4, 16} {
		b.Run(fmt.Sprintf("pool=%d", pool), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				ctx := b.Context()
				st := storetest.New(b)
				srv := smtptest.Start(b, smtptest.Options{})
				id, manager := bulkCampaign(b, st)
				_, err := st.Pool().Exec(ctx, `INSERT INTO contacts (id, first_name, last_name, email, phone, status)
					SELECT gen_random_uuid(), 'F', 'L', 'c' || i || '@example.test', '', 'Other' FROM generate_series(1, $1) i`, n)
				require.NoError(b, err)
				var contacts []string
				require.NoError(b, st.Pool().QueryRow(ctx, `SELECT array_agg(id::text) FROM contacts`).Scan(&contacts))
				_, err = st.AddParticipants(ctx, id, contacts, manager.ID)
				require.NoError(b, err)
				require.NoError(b, st.SetCampaignStage(ctx, id, domain.StagePlanning, domain.StageInProgress))
				m, err := activities.NewSMTPMailer(srv.URL(), "Bench <bench@drumbeat.local>", pool)
				require.NoError(b, err)
				acts := &activities.Activities{Store: st, PageSize: 500, Starter: noStarter{}, Mailer: m}
				var suite testsuite.WorkflowTestSuite
				env := suite.NewTestActivityEnvironment()
				env.RegisterActivity(acts)
				b.StartTimer()
				start := time.Now()
				_, err = env.ExecuteActivity(acts.StartParticipants, activities.StartParticipantsInput{CampaignID: id})
				took := time.Since(start)
				b.StopTimer()
				require.NoError(b, err)
				require.Equal(b, n, srv.Received())
				m.Close()
				b.ReportMetric(float64(n)/took.Seconds(), "msgs/s")
			}
		})
	}
}
