package activities

import (
	"context"
	"errors"
	"time"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// DripEnroller starts drip enrollments on behalf of the trigger activities;
// the worker package provides it with the drip workflows' typed client
// (activities cannot import workflows, which import them).
type DripEnroller interface {
	// EnrollTriggered starts the enrollment-th enrollment of a contact in a
	// drip campaign, begun by its trigger at the given time, once the
	// workflow of a previous (removed) enrollment has ended, and returns
	// once it is recorded. It reports false when a run begun by another
	// start was open: that run only hears of the trigger and carries on.
	EnrollTriggered(ctx context.Context, camp domain.DripCampaign, contactID string, enrollment int, at time.Time) (bool, error)
}

// DripTriggerInput names the contact whose profile the drip triggers look at.
type DripTriggerInput struct {
	ContactID string
}

// DripTriggerMatch is a drip campaign whose trigger enrolls the contact, and
// the number the new enrollment gets.
type DripTriggerMatch struct {
	CampaignID string
	Enrollment int
}

// MatchDripTriggers evaluates the contact's profile as PostgreSQL holds it
// now against every active drip campaign with trigger criteria, and returns
// those that enroll it (domain.DripTrigger.Enrolls: the criteria hold, and
// its latest enrollment there, if any, was removed). A contact deleted
// meanwhile matches nothing.
func (a *Activities) MatchDripTriggers(ctx context.Context, in DripTriggerInput) ([]DripTriggerMatch, error) {
	p, err := a.Store.GetContactProfile(ctx, in.ContactID)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	camps, err := a.Store.TriggeredDripCampaigns(ctx)
	if err != nil {
		return nil, err
	}
	var out []DripTriggerMatch
	for _, camp := range camps {
		if camp.Trigger == nil || !camp.Trigger.Matches(p) {
			continue
		}
		e, err := a.latestEnrollment(ctx, camp.ID, p.ID)
		if err != nil {
			return nil, err
		}
		if camp.Trigger.Enrolls(p, e.Status) {
			out = append(out, DripTriggerMatch{CampaignID: camp.ID, Enrollment: e.Enrollment + 1})
		}
	}
	return out, nil
}

// latestEnrollment is the contact's enrollment in the campaign, or the zero
// enrollment (no status, number 0) when there never was one.
func (a *Activities) latestEnrollment(ctx context.Context, campaignID, contactID string) (domain.DripEnrollment, error) {
	e, err := a.Store.GetDripEnrollment(ctx, campaignID, contactID)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.DripEnrollment{}, nil
	}
	return e, err
}

// TriggeredDripInput is one enrollment MatchDripTriggers found due.
type TriggeredDripInput struct {
	ContactID  string
	CampaignID string
	Enrollment int
}

// StartTriggeredDrip starts one enrollment a trigger found due and reports
// whether the contact is now enrolled by it. It decides again on what
// PostgreSQL holds now (the profile, the campaign and the enrollment may
// have changed since the match), so a retry, or a match that went stale,
// starts nothing twice: once the new enrollment is recorded it only
// answers that it is there. It returns once the enrollment is recorded.
// Waiting for a previous run to end is retried by Temporal like any
// passing failure.
func (a *Activities) StartTriggeredDrip(ctx context.Context, in TriggeredDripInput) (bool, error) {
	if a.Drips == nil {
		return false, errors.New("activities: no DripEnroller configured")
	}
	p, err := a.Store.GetContactProfile(ctx, in.ContactID)
	if errors.Is(err, domain.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	camp, err := a.Store.GetDripCampaign(ctx, in.CampaignID)
	if errors.Is(err, domain.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	e, err := a.latestEnrollment(ctx, camp.ID, p.ID)
	switch {
	case err != nil:
		return false, err
	case e.Enrollment >= in.Enrollment:
		// Recorded already: by an earlier attempt of this one, or by a start
		// that came first.
		return e.Enrollment == in.Enrollment && e.Origin == domain.DripTriggered, nil
	case e.Enrollment+1 != in.Enrollment || !camp.Active || camp.Trigger == nil || !camp.Trigger.Enrolls(p, e.Status):
		return false, nil
	}
	return a.Drips.EnrollTriggered(ctx, camp, p.ID, in.Enrollment, time.Now().UTC())
}
