package activities_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// countingSMS records every SMS handed to it.
type countingSMS struct {
	mu   sync.Mutex
	sent []activities.SMS
}

func (c *countingSMS) SendSMS(ctx context.Context, m activities.SMS) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, m)
	return nil
}

type dripFixture struct {
	st       *store.Store
	acts     *activities.Activities
	sms      *countingSMS
	campaign domain.DripCampaign
	contact  string
	email    string
	steps    []domain.DripStep
}

func newDripFixture(t *testing.T) *dripFixture {
	st := storetest.New(t)
	mailer, err := activities.NewSMTPMailer(os.Getenv("SMTP_URL"), "Drumbeat Tests <tests@drumbeat.local>", 1)
	require.NoError(t, err)
	t.Cleanup(mailer.Close)
	f := &dripFixture{st: st, sms: &countingSMS{}, contact: uuid.NewString(), email: "g" + uuid.NewString()[:8] + "@acts.example.test"}
	f.acts = &activities.Activities{Store: st, Mailer: mailer, SMS: f.sms}
	f.steps = []domain.DripStep{
		{Name: "Mail", Action: domain.DripEmail, Subject: "Hi {{nameFirst}} ({{partnerType}})", Body: "From {{campaignName}}"},
		{Name: "Text", Action: domain.DripSMS, OffsetDays: 1, Body: "Text for {{nameFirst}}"},
	}
	active := true
	in := domain.DripCampaignInput{Name: "Acts", Active: &active, Steps: f.steps}
	f.campaign.ID = uuid.NewString()
	require.NoError(t, st.CreateDripCampaign(t.Context(), f.campaign.ID, "", in))
	_, err = st.CreateContactProfile(t.Context(), domain.ContactProfile{Contact: domain.Contact{ID: f.contact, FirstName: "Gil",
		LastName: "Stone", Email: f.email, Phone: "+15550123", Status: "Other"}, PartnerType: "Lender", ConsentToContact: true})
	require.NoError(t, err)
	return f
}

func (f *dripFixture) enroll(t *testing.T, n int) {
	t.Helper()
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, f.acts.RecordDripEnrollment(t.Context(), activities.DripEnrollmentInput{CampaignID: f.campaign.ID,
		ContactID: f.contact, Enrollment: n, Origin: domain.DripManual, Status: domain.DripActive, StartAt: start,
		Steps: f.steps, DueAt: domain.DripSchedule(start, f.steps)}))
}

func (f *dripFixture) run(t *testing.T, enrollment, step, run int, at time.Time) activities.RunDripStepResult {
	t.Helper()
	res, err := f.acts.RunDripStep(t.Context(), activities.RunDripStepInput{CampaignID: f.campaign.ID, ContactID: f.contact,
		Enrollment: enrollment, Step: step, Run: run, Def: f.steps[step-1], At: at})
	require.NoError(t, err)
	return res
}

// TestRunDripStepIsIdempotent: a retried step run writes and sends nothing
// new; a run again is a second keyed run; an SMS goes through the sender once.
func TestRunDripStepIsIdempotent(t *testing.T) {
	f := newDripFixture(t)
	f.enroll(t, 1)
	f.enroll(t, 1) // a retried enrollment write changes nothing
	at := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	first := f.run(t, 1, 1, 1, at)
	assert.Equal(t, 1, first.Sent)
	again := f.run(t, 1, 1, 1, at.Add(time.Minute))
	assert.Equal(t, 0, again.Sent, "a retry sends nothing")
	assert.True(t, first.DoneAt.Equal(again.DoneAt))
	msgs := workertest.Inbox(t, f.email)
	require.Len(t, msgs, 1)
	assert.Equal(t, "Hi Gil (Lender)", msgs[0].Subject)
	assert.Contains(t, msgs[0].Text, "From Acts")
	assert.Equal(t, domain.MessageID(domain.DripStepKey(f.campaign.ID, f.contact, 1, 1, 1)), msgs[0].MessageID)

	second := f.run(t, 1, 1, 2, at.Add(time.Hour))
	assert.Equal(t, 1, second.Sent)
	assert.Len(t, workertest.Inbox(t, f.email), 2)
	steps, err := f.st.DripSteps(t.Context(), f.campaign.ID, f.contact)
	require.NoError(t, err)
	assert.Equal(t, 2, steps[0].Runs)
	assert.True(t, at.Equal(*steps[0].DoneAt), "done time stays the first run's")
	assert.True(t, at.Add(time.Hour).Equal(*steps[0].LastRunAt))

	f.run(t, 1, 2, 1, at.Add(24*time.Hour))
	f.run(t, 1, 2, 1, at.Add(24*time.Hour))
	require.Len(t, f.sms.sent, 1)
	assert.Equal(t, "Text for Gil", f.sms.sent[0].Body)
	sms, err := f.st.ContactSMS(t.Context(), f.contact)
	require.NoError(t, err)
	require.Len(t, sms, 1)
	assert.Equal(t, "sent", sms[0].Status)
}

// TestDripEnrollmentProjection: removal resets progress; a new enrollment
// replaces the old one, and a late write from the old one changes nothing.
func TestDripEnrollmentProjection(t *testing.T) {
	f := newDripFixture(t)
	f.enroll(t, 1)
	at := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	f.run(t, 1, 1, 1, at)
	require.NoError(t, f.acts.SetDripStatus(t.Context(), activities.DripStatusInput{CampaignID: f.campaign.ID,
		ContactID: f.contact, Enrollment: 1, Status: domain.DripRemoved, At: at.Add(time.Hour)}))
	e, err := f.st.GetDripEnrollment(t.Context(), f.campaign.ID, f.contact)
	require.NoError(t, err)
	assert.Equal(t, domain.DripRemoved, e.Status)
	assert.Zero(t, e.StepsDone)
	require.NotNil(t, e.FinishDate)
	assert.True(t, at.Add(time.Hour).Equal(*e.FinishDate))

	f.enroll(t, 2)
	f.enroll(t, 1) // a stale write of the old enrollment is ignored
	e, err = f.st.GetDripEnrollment(t.Context(), f.campaign.ID, f.contact)
	require.NoError(t, err)
	assert.Equal(t, 2, e.Enrollment)
	assert.Equal(t, domain.DripActive, e.Status)
	stale, err := f.acts.RunDripStep(t.Context(), activities.RunDripStepInput{CampaignID: f.campaign.ID, ContactID: f.contact,
		Enrollment: 1, Step: 2, Run: 1, Def: f.steps[1], At: at})
	require.NoError(t, err)
	assert.True(t, stale.Stale)
	assert.Empty(t, f.sms.sent)
	f.run(t, 2, 1, 1, at.Add(2*time.Hour))
	assert.Len(t, workertest.Inbox(t, f.email), 2, "the new enrollment's step has a new key")
	require.NoError(t, f.acts.SkipDripStep(t.Context(), activities.DripSkipInput{CampaignID: f.campaign.ID,
		ContactID: f.contact, Enrollment: 2, Step: 2}))
	steps, err := f.st.DripSteps(t.Context(), f.campaign.ID, f.contact)
	require.NoError(t, err)
	assert.Equal(t, []domain.StepStatus{domain.StepDone, domain.StepSkipped}, []domain.StepStatus{steps[0].Status, steps[1].Status})
	assert.Equal(t, 1, steps[0].Runs)
}
