package activities

import (
	"context"
	"errors"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/drumbeat-crm/drumbeat/domain"
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
// starts their participant workflows, like a page of the bulk start. It
// heartbeats its cursor after each page.
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
	for {
		if err := ctx.Err(); err != nil {
			return prog.SweepAudienceResult, err
		}
		matches, err := a.Store.AudiencePage(ctx, c.ID, v.Audience, prog.Cursor, a.pageSize(), &prog.Since)
		if err != nil {
			return prog.SweepAudienceResult, err
		}
		if len(matches) == 0 {
			return prog.SweepAudienceResult, nil
		}
		ids := make([]string, len(matches))
		for i, m := range matches {
			ids[i] = m.ContactID
		}
		page, enrolled, err := a.Store.EnrollAudience(ctx, c, ids, prog.Since)
		if err != nil {
			return prog.SweepAudienceResult, err
		}
		sent, err := a.send(ctx, page.EmailKeys)
		if err != nil {
			return prog.SweepAudienceResult, err
		}
		if _, err := a.sendParticipantSMS(ctx, idsOf(page.Participants)); err != nil {
			return prog.SweepAudienceResult, err
		}
		live := liveParticipants(c.Workflow, page.Participants)
		for from := 0; from < len(live); from += startChunk {
			if err := a.startByVersion(ctx, c, live[from:min(from+startChunk, len(live))]); err != nil {
				return prog.SweepAudienceResult, err
			}
			activity.RecordHeartbeat(ctx, prog)
		}
		prog.Cursor = ids[len(ids)-1]
		prog.Pages++
		prog.Matched += len(matches)
		prog.Enrolled += enrolled
		prog.Initiated += page.Initiated
		prog.Emailed += sent
		prog.Started += len(live)
		activity.RecordHeartbeat(ctx, prog)
		a.log().Info("audience sweep page", "campaign", c.ID, "page", prog.Pages, "enrolled", prog.Enrolled)
	}
}
