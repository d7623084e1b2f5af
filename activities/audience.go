package activities

import (
	"context"
	"errors"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/metrics"
	"github.com/drumbeat-crm/drumbeat/store"
)

// SweepAudienceInput names the campaign whose audience to process.
type SweepAudienceInput struct {
	CampaignID string
}

// SweepAudienceResult says what one sweep did, or why it did nothing.
type SweepAudienceResult struct {
	Eligible  bool
	Reasons   []string
	Pages     int
	Matched   int
	Enrolled  int
	Initiated int
	Emailed   int
	Started   int
}

// sweepProgress is the heartbeat detail: a retried attempt resumes after the
// last finished page, with the same start time.
type sweepProgress struct {
	Since  time.Time
	Cursor string
	SweepAudienceResult
}

// SweepAudience evaluates a campaign's audience once: when the campaign is
// eligible, it pages through the contacts the current version's audience
// selects that are not yet participants, enrolls each once, runs Contacted's
// actions for them (email, SMS, points, engagement, the status change) and
// starts their participant workflows, in the bulk start's two-sided
// pipeline. It heartbeats its cursor after each page whose workflows started.
func (a *Activities) SweepAudience(ctx context.Context, in SweepAudienceInput) (SweepAudienceResult, error) {
	var prog sweepProgress
	if activity.HasHeartbeatDetails(ctx) {
		if err := activity.GetHeartbeatDetails(ctx, &prog); err != nil {
			prog = sweepProgress{}
		}
	}
	c, err := a.Store.GetCampaign(ctx, in.CampaignID)
	if errors.Is(err, domain.ErrNotFound) {
		return SweepAudienceResult{Reasons: []string{"the campaign no longer exists"}}, nil
	}
	if err != nil {
		return prog.SweepAudienceResult, err
	}
	v, err := a.Store.CurrentVersion(ctx, c.ID)
	if err != nil {
		return prog.SweepAudienceResult, err
	}
	settings, err := a.Store.GetCampaignSettings(ctx, c.ID)
	if err != nil {
		return prog.SweepAudienceResult, err
	}
	el := domain.AudienceEligibility(c, v, !settings.AudiencePaused, time.Now())
	prog.Eligible, prog.Reasons = el.Eligible, el.Reasons
	if !el.Eligible {
		a.log().Info("audience sweep: not eligible", "campaign", c.ID, "reasons", el.Reasons)
		return prog.SweepAudienceResult, nil
	}
	if prog.Since.IsZero() {
		if prog.Since, err = a.Store.Now(ctx); err != nil {
			return prog.SweepAudienceResult, err
		}
		activity.RecordHeartbeat(ctx, prog)
	}
	err = pipeline(ctx, func() { activity.RecordHeartbeat(ctx, prog) },
		func(ctx context.Context, out chan<- sweptPage) error {
			return a.enrollPages(ctx, c, v.Audience, prog.Cursor, prog.Since, out)
		},
		func(ctx context.Context, page sweptPage) (bool, error) {
			live := liveParticipants(c.Workflow, page.Participants)
			if err := a.startInChunks(ctx, c, live, false, func() { activity.RecordHeartbeat(ctx, prog) }); err != nil {
				return false, err
			}
			prog.Cursor = page.cursor
			prog.Pages++
			prog.Matched += page.matched
			prog.Enrolled += page.enrolled
			prog.Initiated += page.Initiated
			prog.Emailed += page.emailed
			prog.Started += len(live)
			activity.RecordHeartbeat(ctx, prog)
			a.log().Info("audience sweep page", "campaign", c.ID, "page", prog.Pages, "enrolled", prog.Enrolled)
			return false, nil
		})
	return prog.SweepAudienceResult, err
}

// sweptPage is a page of an audience sweep whose enrolment, initiation and
// messages are done and whose participant workflows are still to start.
type sweptPage struct {
	store.StartPage
	cursor            string
	matched, enrolled int
	emailed           int
}

// enrollPages is the enrolling side of a sweep: page after page of the new
// matches, it enrolls and initiates them in one transaction, sends their
// messages and hands the page on.
func (a *Activities) enrollPages(ctx context.Context, c domain.Campaign, aud domain.Audience, cursor string, since time.Time, out chan<- sweptPage) error {
	for {
		matches, err := a.Store.AudiencePage(ctx, c.ID, aud, cursor, a.pageSize(), &since)
		if err != nil || len(matches) == 0 {
			return err
		}
		ids := make([]string, len(matches))
		for i, m := range matches {
			ids[i] = m.ContactID
		}
		page, enrolled, err := a.Store.EnrollAudience(ctx, c, ids, since, aud.SendWindow)
		if err != nil {
			return err
		}
		metrics.ParticipantsInitiated(page.Initiated)
		a.wakeForContacted(ctx, c, page)
		emailed, err := a.sendPageMessages(ctx, page)
		if err != nil {
			return err
		}
		cursor = ids[len(ids)-1]
		swept := sweptPage{StartPage: page, cursor: cursor, matched: len(matches), enrolled: enrolled, emailed: emailed}
		if err := handOn(ctx, out, swept); err != nil {
			return err
		}
	}
}
