package workflows

import (
	"context"
	"errors"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// AudienceClient keeps each campaign's audience Schedule (audience/{id}),
// whose action is AudienceSweepWorkflow.
type AudienceClient struct{ clientBase }

// Ensure brings the schedule in line with want: it creates it the first time
// it should run, pauses it when it should not, and follows the interval (the
// interval and the pause in one update). Calling it again changes nothing.
func (k AudienceClient) Ensure(ctx context.Context, want domain.ScheduleWant) (domain.ScheduleState, error) {
	st := domain.ScheduleState{ID: domain.AudienceScheduleID(want.CampaignID)}
	sc := k.temporal.ScheduleClient()
	h := sc.GetHandle(ctx, st.ID)
	desc, err := h.Describe(ctx)
	switch {
	case NotRunning(err):
		if !want.Running {
			return st, nil
		}
		h, err = sc.Create(ctx, client.ScheduleOptions{
			ID:   st.ID,
			Spec: client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: want.Every}}},
			Action: &client.ScheduleWorkflowAction{
				ID:                    domain.AudienceSweepWorkflowID(want.CampaignID),
				Workflow:              AudienceSweepWorkflowName,
				Args:                  []any{AudienceSweepInput{CampaignID: want.CampaignID}},
				TaskQueue:             k.taskQueue,
				TypedSearchAttributes: temporal.NewSearchAttributes(CampaignIDKey.ValueSet(want.CampaignID)),
			},
			Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
			Note:    "audience of campaign " + want.Note,
		})
		if err != nil && !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
			return st, err
		}
		if desc, err = h.Describe(ctx); err != nil {
			return st, err
		}
	case err != nil:
		return st, err
	}
	note := "campaign published and running"
	if !want.Running {
		note = "campaign not published, not in progress, or paused"
	}
	paused := desc.Schedule.State != nil && desc.Schedule.State.Paused
	switch {
	case desc.Schedule.Spec == nil || len(desc.Schedule.Spec.Intervals) != 1 || desc.Schedule.Spec.Intervals[0].Every != want.Every:
		err = h.Update(ctx, client.ScheduleUpdateOptions{DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
			sched := in.Description.Schedule
			sched.Spec = &client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: want.Every}}}
			sched.State = &client.ScheduleState{Paused: !want.Running, Note: note}
			return &client.ScheduleUpdate{Schedule: &sched}, nil
		}})
	case want.Running && paused:
		err = h.Unpause(ctx, client.ScheduleUnpauseOptions{Note: note})
	case !want.Running && !paused:
		err = h.Pause(ctx, client.SchedulePauseOptions{Note: note})
	}
	if err != nil {
		return st, err
	}
	st.Exists, st.Running, st.IntervalSeconds = true, want.Running, int(want.Every/time.Second)
	st.Runs = desc.Info.NumActions
	if want.Running && len(desc.Info.NextActionTimes) > 0 {
		st.NextRun = &desc.Info.NextActionTimes[0]
	}
	return st, nil
}

// Drop deletes the schedule of a deleted campaign; a missing one is fine.
func (k AudienceClient) Drop(ctx context.Context, campaignID string) error {
	err := k.temporal.ScheduleClient().GetHandle(ctx, domain.AudienceScheduleID(campaignID)).Delete(ctx)
	if NotRunning(err) {
		return nil
	}
	return err
}

// RunNow triggers the schedule's action at once.
func (k AudienceClient) RunNow(ctx context.Context, campaignID string) error {
	return k.temporal.ScheduleClient().GetHandle(ctx, domain.AudienceScheduleID(campaignID)).Trigger(ctx, client.ScheduleTriggerOptions{})
}

// Sync has the campaign's schedule brought in line with the campaign, in the
// background (AudienceSyncWorkflow): it starts the sync, or tells a sync
// under way to make one more pass.
func (k AudienceClient) Sync(ctx context.Context, campaignID string) (client.WorkflowRun, error) {
	id := domain.AudienceSyncWorkflowID(campaignID)
	return k.temporal.SignalWithStartWorkflow(ctx, id, SignalAudienceSyncChanged, nil,
		client.StartWorkflowOptions{ID: id, TaskQueue: k.taskQueue,
			TypedSearchAttributes: temporal.NewSearchAttributes(CampaignIDKey.ValueSet(campaignID))},
		AudienceSyncWorkflowName, AudienceSyncInput{CampaignID: campaignID})
}

// SyncNow is Sync, then waits for the sync's answer: the schedule as it is
// once in line.
func (k AudienceClient) SyncNow(ctx context.Context, campaignID string) (domain.ScheduleState, error) {
	run, err := k.Sync(ctx, campaignID)
	var st domain.ScheduleState
	if err != nil {
		return st, err
	}
	return st, run.Get(ctx, &st)
}
