package activities

import (
	"context"
	"errors"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// ScheduleKeeper creates, pauses and resumes a campaign's audience Temporal
// Schedule; the worker package provides it with the workflows' typed client
// (activities cannot import workflows, which import them).
type ScheduleKeeper interface {
	// Ensure brings the schedule in line with want and returns it as it is.
	Ensure(ctx context.Context, want domain.ScheduleWant) (domain.ScheduleState, error)
}

// SyncScheduleInput names the campaign whose audience schedule to sync.
type SyncScheduleInput struct {
	CampaignID string
}

// SyncAudienceSchedule brings a campaign's audience schedule in line with
// its current version, stage and settings (domain.AudienceScheduleRunning):
// created the first time it should run, paused when it should not, its
// interval followed. It reads PostgreSQL each time, so a retry or a later
// pass applies what is true then.
func (a *Activities) SyncAudienceSchedule(ctx context.Context, in SyncScheduleInput) (domain.ScheduleState, error) {
	camp, err := a.Store.GetCampaign(ctx, in.CampaignID)
	if errors.Is(err, domain.ErrNotFound) {
		// Deleted meanwhile: deleting it dropped its schedule, nothing to keep.
		return domain.ScheduleState{ID: domain.AudienceScheduleID(in.CampaignID)}, nil
	}
	if err != nil {
		return domain.ScheduleState{}, err
	}
	v, err := a.Store.CurrentVersion(ctx, in.CampaignID)
	if err != nil {
		return domain.ScheduleState{}, permanent(err)
	}
	settings, err := a.Store.GetCampaignSettings(ctx, in.CampaignID)
	if err != nil {
		return domain.ScheduleState{}, permanent(err)
	}
	return a.Schedules.Ensure(ctx, domain.AudienceScheduleFor(camp, v, settings))
}
