package app

import (
	"context"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// SyncSchedule has a campaign's audience schedule brought in line after a
// change that matters to it (a version status, a stage move, the settings,
// the audience). The work runs in a workflow, not in the caller's request;
// a failure to start it is logged, and the next change or reading the
// schedule (AudienceSchedule) syncs again.
func (s *Service) SyncSchedule(ctx context.Context, campaignID string) {
	if _, err := s.wf.Audiences.Sync(detached(ctx), campaignID); err != nil {
		s.log.Warn("could not sync the audience schedule", "campaign", campaignID, "error", err)
	}
}

// AudienceSchedule syncs a campaign's audience schedule and returns it once
// in line.
func (s *Service) AudienceSchedule(ctx context.Context, campaignID string) (domain.ScheduleState, error) {
	return s.wf.Audiences.SyncNow(detached(ctx), campaignID)
}

// RunAudience triggers a campaign's audience sweep now (an operator's "run
// now"); the sweep itself still checks eligibility. A campaign without a
// schedule yet is refused.
func (s *Service) RunAudience(ctx context.Context, actor domain.User, campaignID string) (domain.ScheduleState, error) {
	sched, err := s.AudienceSchedule(ctx, campaignID)
	if err != nil {
		return sched, err
	}
	if !sched.Exists {
		return sched, &domain.ConflictError{Reason: "the campaign has no audience schedule yet: publish a version with an audience and start the campaign"}
	}
	return sched, s.wf.Audiences.RunNow(detached(ctx), campaignID)
}
