package app_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/errcodec"
	"github.com/drumbeat-crm/drumbeat/store/storetest"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// dripApp is the operations over a fresh database and a real worker.
type dripApp struct {
	*app.Service
	wk    *workertest.Env
	actor domain.User
}

func newDripApp(t *testing.T) *dripApp {
	st := storetest.New(t)
	wk := workertest.Start(t, st, 50)
	return &dripApp{Service: app.New(app.Config{Store: st, Temporal: wk.Client, TaskQueue: wk.TaskQueue}), wk: wk,
		actor: domain.User{ID: "", Name: "Marketer"}}
}

func (d *dripApp) campaign(t *testing.T, name string, trigger *domain.DripTrigger, steps ...domain.DripStep) domain.DripCampaign {
	t.Helper()
	c, err := d.CreateDripCampaign(t.Context(), d.actor, domain.DripCampaignInput{Name: name, Trigger: trigger, Steps: steps})
	require.NoError(t, err)
	return c
}

func (d *dripApp) contact(t *testing.T, first string, partnerType string) app.SavedContact {
	t.Helper()
	last := "Partner"
	c, err := d.CreateContact(t.Context(), d.actor, domain.ContactInput{FirstName: &first, LastName: &last, PartnerType: &partnerType})
	require.NoError(t, err)
	return c
}

func task(name string, offsetDays int) domain.DripStep {
	return domain.DripStep{Name: name, OffsetDays: offsetDays, Action: domain.DripTask, Subject: name}
}

// terminate ends an enrollment's workflow from outside, as an operator
// would in Temporal Web, leaving PostgreSQL as the workflow last wrote it.
func (d *dripApp) terminate(t *testing.T, campaignID, contactID string) {
	t.Helper()
	id := domain.DripWorkflowID(campaignID, contactID)
	require.NoError(t, d.wk.Client.TerminateWorkflow(t.Context(), id, "", "test"))
	workertest.Eventually(t, 10*time.Second, func() (bool, string) {
		desc, err := d.wk.Client.DescribeWorkflowExecution(t.Context(), id, "")
		return err == nil && desc.WorkflowExecutionInfo.CloseTime != nil, "still running"
	})
}

func reason(err error) string {
	err = errcodec.Decode(err)
	var te *domain.TransitionError
	var ce *domain.ConflictError
	switch {
	case errors.As(err, &te):
		return te.Reason
	case errors.As(err, &ce):
		return ce.Reason
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestDripChangesOnceTheWorkflowClosed: while an enrollment's workflow runs
// its validator decides; once it has closed, PostgreSQL holds the
// enrollment and the domain's rule decides on it: removing writes the
// record directly, pausing a removed enrollment is refused with the rule's
// reason, and a step cannot change without its workflow.
func TestDripChangesOnceTheWorkflowClosed(t *testing.T) {
	d := newDripApp(t)
	ctx := t.Context()
	camp := d.campaign(t, "Welcome", nil, task("Call", 0), task("Call again", 5))
	ann := d.contact(t, "Ann", "")
	e, err := d.StartDrip(ctx, d.actor, ann.ID, app.StartDripInput{CampaignID: camp.ID})
	require.NoError(t, err)
	require.Equal(t, 1, e.Enrollment)
	workertest.Eventually(t, 20*time.Second, func() (bool, string) {
		s, err := d.EnrollmentSteps(ctx, ann.ID, camp.ID)
		return err == nil && s.Enrollment.StepsDone == 1, "first step not done"
	})

	// Running: the validator refuses, with the domain's reason.
	_, err = d.RunDrip(ctx, d.actor, ann.ID, camp.ID)
	assert.Equal(t, "the enrollment is already running", reason(err))
	_, err = d.SkipStep(ctx, d.actor, ann.ID, camp.ID, 1)
	assert.Equal(t, "only a pending step can be skipped", reason(err))
	_, err = d.SkipStep(ctx, d.actor, ann.ID, camp.ID, 3)
	assert.ErrorIs(t, err, domain.ErrNotFound)

	d.terminate(t, camp.ID, ann.ID)
	_, err = d.SkipStep(ctx, d.actor, ann.ID, camp.ID, 2)
	assert.Equal(t, "the enrollment is active and no longer running", reason(err), "a step changes only through its workflow")
	_, err = d.RunStepAgain(ctx, d.actor, ann.ID, camp.ID, 2)
	assert.Equal(t, "only a done step can run again", reason(err), "the rule decides on the steps PostgreSQL holds")

	e, err = d.RemoveDrip(ctx, d.actor, ann.ID, camp.ID)
	require.NoError(t, err, "with no workflow left, the record is removed directly")
	assert.Equal(t, domain.DripRemoved, e.Status)
	require.NotNil(t, e.FinishDate)
	s, err := d.EnrollmentSteps(ctx, ann.ID, camp.ID)
	require.NoError(t, err)
	for _, st := range s.Items {
		assert.Equal(t, domain.StepPending, st.Status, "removal resets the steps")
	}
	_, err = d.PauseDrip(ctx, d.actor, ann.ID, camp.ID)
	assert.Equal(t, "a removed enrollment cannot be paused; start it again instead", reason(err))
	_, err = d.RemoveDrip(ctx, d.actor, ann.ID, camp.ID)
	assert.Equal(t, "the enrollment is already removed", reason(err))
	_, err = d.RunStepAgain(ctx, d.actor, ann.ID, camp.ID, 1)
	assert.Equal(t, "the enrollment was removed; start it again first", reason(err))

	// Removed, it starts again as a new enrollment.
	e, err = d.StartDrip(ctx, d.actor, ann.ID, app.StartDripInput{CampaignID: camp.ID})
	require.NoError(t, err)
	assert.Equal(t, 2, e.Enrollment)
	assert.Equal(t, domain.DripActive, e.Status)
}

// TestTriggeredEnrollmentIsRecordedWhenTheContactIsSaved: a saved contact
// that meets a trigger answers with the campaign, and its enrollment is
// already on the partner campaign list.
func TestTriggeredEnrollmentIsRecordedWhenTheContactIsSaved(t *testing.T) {
	d := newDripApp(t)
	camp := d.campaign(t, "Realtors", &domain.DripTrigger{PartnerType: "Realtor"}, task("Call", 3))
	d.campaign(t, "Lenders", &domain.DripTrigger{PartnerType: "Lender"}, task("Call", 3))
	bob := d.contact(t, "Bob", "Lender")
	require.Len(t, bob.DripsStarted, 1)
	realtor := "realtor"
	saved, err := d.ChangeContact(t.Context(), d.actor, bob.ID, domain.ContactInput{PartnerType: &realtor})
	require.NoError(t, err)
	assert.Equal(t, []string{camp.ID}, saved.DripsStarted)
	list, err := d.ContactDrips(t.Context(), bob.ID)
	require.NoError(t, err)
	require.Len(t, list, 2, "both enrollments are listed once the change has answered")
	var origins []domain.DripOrigin
	for _, e := range list {
		origins = append(origins, e.Origin)
	}
	assert.Equal(t, []domain.DripOrigin{domain.DripTriggered, domain.DripTriggered}, origins)
}
