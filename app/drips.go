package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// StartDripInput starts a drip campaign for a contact by hand, on a start
// date (YYYY-MM-DD or RFC 3339; empty: now).
type StartDripInput struct {
	CampaignID string `json:"campaign_id"`
	StartDate  string `json:"start_date"`
}

// startAt checks the input and reads its start date, every bad field at once.
func (in StartDripInput) startAt(now time.Time) (time.Time, error) {
	var v domain.Validator
	v.Check(domain.IsUUID(in.CampaignID), "campaign_id", "is not a drip campaign id")
	start, err := domain.ParseStartDate(in.StartDate, now)
	var bad *domain.ValidationError
	if errors.As(err, &bad) {
		for _, f := range bad.Fields {
			v.Add(f.Field, "%s", f.Message)
		}
	}
	return start, v.Err()
}

// StartDrip starts a drip campaign for a contact by hand: a start date in
// the past begins at once, a future one leaves the enrollment scheduled.
// A start is a new run, so PostgreSQL decides whether one is due
// (domain.DripStatus.CanStart on the latest enrollment, which also gives the
// new enrollment its number); the start update's validator refuses a start
// that reaches a run other than the one it created. It returns the
// enrollment once recorded.
func (s *Service) StartDrip(ctx context.Context, actor domain.User, contactID string, in StartDripInput) (domain.DripEnrollment, error) {
	var e domain.DripEnrollment
	start, err := in.startAt(time.Now().UTC())
	if err != nil {
		return e, err
	}
	if _, err := s.st.GetContact(ctx, contactID); err != nil {
		return e, err
	}
	camp, err := s.st.GetDripCampaign(ctx, in.CampaignID)
	if errors.Is(err, domain.ErrNotFound) {
		return e, fieldError("campaign_id", "no such drip campaign")
	} else if err != nil {
		return e, err
	}
	if !camp.Active {
		return e, &domain.ConflictError{Reason: "the drip campaign is not active"}
	}
	latest, err := s.st.GetDripEnrollment(ctx, camp.ID, contactID)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return e, err
	}
	if err := latest.Status.CanStart(); err != nil {
		return e, err
	}
	ctx = detached(ctx)
	next := latest.Enrollment + 1
	if next > 1 {
		if err := s.wf.Drips.AwaitEnded(ctx, camp.ID, contactID, workflows.DripEndWait); err != nil {
			return e, err
		}
	}
	input := workflows.NewDripInput(camp, contactID, next, domain.DripManual, start)
	if _, err := s.wf.Drips.Start(ctx, input, uuid.NewString(), actor.ID); err != nil {
		return e, err
	}
	return s.st.GetDripEnrollment(ctx, camp.ID, contactID)
}

// PauseDrip pauses a contact's enrollment in a drip campaign.
func (s *Service) PauseDrip(ctx context.Context, actor domain.User, contactID, campaignID string) (domain.DripEnrollment, error) {
	return s.changeDrip(ctx, contactID, campaignID, dripChange{
		send: func(ctx context.Context, e domain.DripEnrollment) error {
			_, err := s.wf.Drips.Pause(ctx, e, actor.ID)
			return err
		},
		decide: func(e domain.DripEnrollment) error { return e.Status.CanMove(domain.DripPaused) },
	})
}

// RunDrip resumes a paused enrollment.
func (s *Service) RunDrip(ctx context.Context, actor domain.User, contactID, campaignID string) (domain.DripEnrollment, error) {
	return s.changeDrip(ctx, contactID, campaignID, dripChange{
		send: func(ctx context.Context, e domain.DripEnrollment) error {
			_, err := s.wf.Drips.Run(ctx, e, actor.ID)
			return err
		},
		decide: func(e domain.DripEnrollment) error { return e.Status.CanResume() },
	})
}

// RemoveDrip halts an enrollment and resets its steps; the contact can be
// started on the campaign again, by hand or by its trigger. An enrollment
// whose workflow has ended (a finished one, after DripLinger) is a plain
// record: it is marked removed directly.
func (s *Service) RemoveDrip(ctx context.Context, actor domain.User, contactID, campaignID string) (domain.DripEnrollment, error) {
	return s.changeDrip(ctx, contactID, campaignID, dripChange{
		send: func(ctx context.Context, e domain.DripEnrollment) error {
			_, err := s.wf.Drips.Remove(ctx, e, actor.ID)
			return err
		},
		decide: func(e domain.DripEnrollment) error { return e.Status.CanMove(domain.DripRemoved) },
		direct: func(ctx context.Context, e domain.DripEnrollment) error {
			return s.st.SetDripStatus(ctx, e.CampaignID, e.ContactID, e.Enrollment, domain.DripRemoved, time.Now().UTC())
		},
	})
}

// dripChange is one change of an enrollment: send is the validated update
// to its workflow; decide is the domain's rule, applied to the record when
// the workflow no longer runs; direct writes the change to the record then
// (nil when the change needs the workflow).
type dripChange struct {
	send   func(context.Context, domain.DripEnrollment) error
	decide func(domain.DripEnrollment) error
	direct func(context.Context, domain.DripEnrollment) error
}

// changeDrip applies a change to a contact's enrollment and returns it as
// it is then. While the enrollment's workflow runs, its validator decides.
// Once the workflow has closed, PostgreSQL holds the enrollment: the
// domain's rule refuses the change with its reason, or the change is
// written directly, or (a change that needs the workflow) it is refused as
// no longer running.
func (s *Service) changeDrip(ctx context.Context, contactID, campaignID string, ch dripChange) (domain.DripEnrollment, error) {
	e, err := s.st.GetDripEnrollment(ctx, campaignID, contactID)
	if err != nil {
		return e, err
	}
	ctx = detached(ctx)
	err = ch.send(ctx, e)
	if errors.Is(err, workflows.ErrDripNotRunning) {
		notRunning := err
		if e, err = s.st.GetDripEnrollment(ctx, campaignID, contactID); err != nil {
			return e, err
		}
		if err = ch.decide(e); err == nil {
			err = notRunning
			if ch.direct != nil {
				err = ch.direct(ctx, e)
			}
		}
	}
	if err != nil {
		return e, err
	}
	return s.st.GetDripEnrollment(ctx, campaignID, contactID)
}

// DripSteps is an enrollment with its steps, done, pending or skipped.
type DripSteps struct {
	Enrollment domain.DripEnrollment  `json:"enrollment"`
	Items      []domain.DripStepState `json:"items"`
	// NextCursor continues a page of the steps (GET .../steps).
	NextCursor string `json:"next_cursor,omitempty"`
}

// EnrollmentSteps reads a contact's enrollment in a drip campaign and its steps.
func (s *Service) EnrollmentSteps(ctx context.Context, contactID, campaignID string) (DripSteps, error) {
	e, err := s.st.GetDripEnrollment(ctx, campaignID, contactID)
	if err != nil {
		return DripSteps{}, err
	}
	steps, err := s.st.DripSteps(ctx, campaignID, contactID)
	return DripSteps{Enrollment: e, Items: steps}, err
}

// SkipStep skips a pending step (numbered from 1) of an enrollment.
func (s *Service) SkipStep(ctx context.Context, actor domain.User, contactID, campaignID string, step int) (DripSteps, error) {
	return s.changeStep(ctx, contactID, campaignID, step, domain.CanSkipStep,
		func(ctx context.Context, e domain.DripEnrollment) error {
			_, err := s.wf.Drips.Skip(ctx, e, step, actor.ID)
			return err
		})
}

// RunStepAgain runs a done step (numbered from 1) once more, resubmitting
// its material; it returns once the run is recorded and delivered.
func (s *Service) RunStepAgain(ctx context.Context, actor domain.User, contactID, campaignID string, step int) (DripSteps, error) {
	return s.changeStep(ctx, contactID, campaignID, step, domain.CanRunStepAgain,
		func(ctx context.Context, e domain.DripEnrollment) error {
			_, err := s.wf.Drips.RunAgain(ctx, e, step, actor.ID)
			return err
		})
}

// changeStep sends a step change to the enrollment's workflow; a step the
// enrollment does not have is unknown (404). A step can change only through
// its workflow: once it has closed, the domain's rule gives the reason of
// the refusal, from the steps PostgreSQL holds.
func (s *Service) changeStep(ctx context.Context, contactID, campaignID string, step int,
	rule func(domain.DripStatus, domain.StepStatus) error, send func(context.Context, domain.DripEnrollment) error) (DripSteps, error) {
	cur, err := s.EnrollmentSteps(ctx, contactID, campaignID)
	if err != nil {
		return cur, err
	}
	if step < 1 || step > len(cur.Items) {
		return cur, fmt.Errorf("the enrollment has no step %d: %w", step, domain.ErrNotFound)
	}
	_, err = s.changeDrip(ctx, contactID, campaignID, dripChange{send: send, decide: func(e domain.DripEnrollment) error {
		steps, err := s.st.DripSteps(ctx, campaignID, contactID)
		if err != nil {
			return err
		}
		if step > len(steps) {
			return fmt.Errorf("the enrollment has no step %d: %w", step, domain.ErrNotFound)
		}
		return rule(e.Status, steps[step-1].Status)
	}})
	if err != nil {
		return cur, err
	}
	return s.EnrollmentSteps(ctx, contactID, campaignID)
}

// MaxSelectedDrips bounds the enrollments one Delete Selected may name.
const MaxSelectedDrips = 100

// RemovedDrips says which enrollments a Delete Selected removed, and which
// had been removed already.
type RemovedDrips struct {
	Removed        []string `json:"removed"`
	AlreadyRemoved []string `json:"already_removed"`
}

// RemoveSelectedDrips removes several of a contact's enrollments, named by
// their drip campaign ids (the partner campaign list's Delete Selected).
// Every id is checked first, so an unknown one removes none of them.
func (s *Service) RemoveSelectedDrips(ctx context.Context, actor domain.User, contactID string, campaignIDs []string) (RemovedDrips, error) {
	out := RemovedDrips{Removed: []string{}, AlreadyRemoved: []string{}}
	var v domain.Validator
	v.Check(len(campaignIDs) > 0, "ids", "list at least one drip campaign id")
	v.Check(len(campaignIDs) <= MaxSelectedDrips, "ids", "at most %d per request", MaxSelectedDrips)
	for i, cid := range campaignIDs {
		v.Check(domain.IsUUID(cid), fmt.Sprintf("ids[%d]", i), "is not a drip campaign id")
	}
	if err := v.Err(); err != nil {
		return out, err
	}
	if _, err := s.st.GetContact(ctx, contactID); err != nil {
		return out, err
	}
	var todo []domain.DripEnrollment
	var missing []string
	seen := map[string]bool{}
	for _, cid := range campaignIDs {
		if seen[cid] {
			continue
		}
		seen[cid] = true
		e, err := s.st.GetDripEnrollment(ctx, cid, contactID)
		switch {
		case errors.Is(err, domain.ErrNotFound):
			missing = append(missing, cid)
		case err != nil:
			return out, err
		default:
			todo = append(todo, e)
		}
	}
	if len(missing) > 0 {
		return out, fieldError("ids", fmt.Sprintf("the contact has no enrollment in %v", missing))
	}
	for _, e := range todo {
		if e.Status == domain.DripRemoved {
			out.AlreadyRemoved = append(out.AlreadyRemoved, e.CampaignID)
			continue
		}
		if _, err := s.RemoveDrip(ctx, actor, contactID, e.CampaignID); err != nil {
			return out, err
		}
		out.Removed = append(out.Removed, e.CampaignID)
	}
	return out, nil
}

// ContactDrips is a contact's partner campaign list, newest first.
func (s *Service) ContactDrips(ctx context.Context, contactID string) ([]domain.DripEnrollment, error) {
	if _, err := s.st.GetContact(ctx, contactID); err != nil {
		return nil, err
	}
	return s.st.ListDripEnrollments(ctx, contactID)
}

// AvailableDrips lists the active drip campaigns a contact can be started
// on: never started for it, or removed.
func (s *Service) AvailableDrips(ctx context.Context, contactID string) ([]domain.DripCampaign, error) {
	if _, err := s.st.GetContact(ctx, contactID); err != nil {
		return nil, err
	}
	return s.st.AvailableDripCampaigns(ctx, contactID)
}
