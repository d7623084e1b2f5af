package activities

import (
	"context"
	"time"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// DripEnrollmentInput records a new drip enrollment and its schedule.
type DripEnrollmentInput struct {
	CampaignID string
	ContactID  string
	Enrollment int
	Origin     domain.DripOrigin
	Status     domain.DripStatus
	StartAt    time.Time
	Steps      []domain.DripStep
	DueAt      []time.Time
}

// RecordDripEnrollment writes a new enrollment and its pending steps to the
// projection (idempotent: a repeat changes nothing).
func (a *Activities) RecordDripEnrollment(ctx context.Context, in DripEnrollmentInput) error {
	return permanent(a.Store.RecordDripEnrollment(ctx, store.DripEnrollmentRecord{
		CampaignID: in.CampaignID, ContactID: in.ContactID, Enrollment: in.Enrollment, Origin: in.Origin,
		Status: in.Status, StartAt: in.StartAt, Steps: in.Steps, DueAt: in.DueAt,
	}))
}

// DripStatusInput writes an enrollment's status change.
type DripStatusInput struct {
	CampaignID string
	ContactID  string
	Enrollment int
	Status     domain.DripStatus
	At         time.Time
}

// SetDripStatus writes an enrollment's status change to the projection
// (removal also resets its steps).
func (a *Activities) SetDripStatus(ctx context.Context, in DripStatusInput) error {
	return a.Store.SetDripStatus(ctx, in.CampaignID, in.ContactID, in.Enrollment, in.Status, in.At)
}

// DripSkipInput names a step to skip (1-based).
type DripSkipInput struct {
	CampaignID string
	ContactID  string
	Enrollment int
	Step       int
}

// SkipDripStep marks a pending step skipped in the projection.
func (a *Activities) SkipDripStep(ctx context.Context, in DripSkipInput) error {
	return a.Store.SkipDripStep(ctx, in.CampaignID, in.ContactID, in.Enrollment, in.Step)
}

// RunDripStepInput is one run of a drip step (1-based step and run numbers).
type RunDripStepInput struct {
	CampaignID string
	ContactID  string
	Enrollment int
	Step       int
	Run        int
	Def        domain.DripStep
	At         time.Time
}

// RunDripStepResult tells when the step was first done.
type RunDripStepResult struct {
	DoneAt time.Time
	Sent   int
	Stale  bool
}

// RunDripStep records a step run under its idempotency key (outbox email,
// task or SMS, and the step marked done), then delivers its email or SMS.
// A retry finds the rows written and the message sent, and repeats nothing.
func (a *Activities) RunDripStep(ctx context.Context, in RunDripStepInput) (RunDripStepResult, error) {
	out, err := a.Store.RecordDripStepRun(ctx, store.DripStepRun{CampaignID: in.CampaignID, ContactID: in.ContactID,
		Enrollment: in.Enrollment, Step: in.Step, Run: in.Run, Def: in.Def, At: in.At})
	if err != nil || out.Stale {
		return RunDripStepResult{Stale: out.Stale}, permanent(err)
	}
	res := RunDripStepResult{DoneAt: out.DoneAt}
	if out.EmailKey != "" {
		n, err := a.send(ctx, []string{out.EmailKey})
		res.Sent += n
		if err != nil {
			return res, err
		}
		if err := a.recordStepResult(ctx, in, out.EmailKey); err != nil {
			return res, err
		}
	}
	if out.SMSKey != "" {
		n, err := a.sendSMS(ctx, []string{out.SMSKey})
		res.Sent += n
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// recordStepResult writes on the step what became of its email (stepResult).
func (a *Activities) recordStepResult(ctx context.Context, in RunDripStepInput, key string) error {
	states, err := a.Store.OutboxStates(ctx, []string{key})
	if err != nil {
		return err
	}
	return a.Store.SetDripStepResult(ctx, in.CampaignID, in.ContactID, in.Enrollment, in.Step, stepResult(states[key]))
}

// stepResult says what became of a drip step's email: "sent", "suppressed:
// REASON", "skipped: frequency cap (...)", "deferred: REASON until TIME"
// (the outbox sender sends it then, and writes the result again) or
// "failed: the server's answer".
func stepResult(st store.OutboxState) string {
	switch {
	case st.Status == store.OutboxSuppressed || st.Status == "skipped":
		return st.LastError
	case st.Waiting():
		return st.LastError + " until " + st.DueAt.UTC().Format(time.RFC3339)
	case st.Status == "sent" || st.LastError == "":
		return st.Status
	}
	return st.Status + ": " + st.LastError
}
