package api

import (
	"context"
	"errors"
	"time"

	"github.com/gin-gonic/gin"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// scheduleState is a campaign's audience schedule as the API shows it.
type scheduleState struct {
	ID              string     `json:"id"`
	Exists          bool       `json:"exists"`
	Running         bool       `json:"running"`
	IntervalSeconds int        `json:"interval_seconds"`
	Runs            int        `json:"runs"`
	NextRun         *time.Time `json:"next_run,omitempty"`
}

// syncSchedule brings the campaign's audience Schedule in line with its
// current version, stage and settings (domain.AudienceScheduleRunning): it
// creates the schedule the first time it should run, pauses it when it
// should not (unpublished, paused, campaign ended) and follows the interval.
// A failure is logged: the next change, or reading the audience, retries.
func (s *server) syncSchedule(c *gin.Context, id string) {
	if _, err := s.ensureSchedule(detached(c), id); err != nil {
		logger(c).Warn("could not update the audience schedule", "campaign", id, "error", err)
	}
}

func (s *server) ensureSchedule(ctx context.Context, id string) (scheduleState, error) {
	st := scheduleState{ID: domain.AudienceScheduleID(id)}
	camp, err := s.store.GetCampaign(ctx, id)
	if err != nil {
		return st, err
	}
	v, err := s.store.CurrentVersion(ctx, id)
	if err != nil {
		return st, err
	}
	settings, err := s.store.GetCampaignSettings(ctx, id)
	if err != nil {
		return st, err
	}
	want := domain.AudienceScheduleRunning(camp, v, settings)
	every := time.Duration(settings.AudienceIntervalSeconds) * time.Second
	sc := s.temporal.ScheduleClient()
	h := sc.GetHandle(ctx, st.ID)
	desc, err := h.Describe(ctx)
	var nf *serviceerror.NotFound
	switch {
	case errors.As(err, &nf):
		if !want {
			return st, nil
		}
		h, err = sc.Create(ctx, client.ScheduleOptions{
			ID:   st.ID,
			Spec: client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: every}}},
			Action: &client.ScheduleWorkflowAction{
				ID:                    domain.AudienceSweepWorkflowID(id),
				Workflow:              workflows.AudienceSweepWorkflowName,
				Args:                  []any{workflows.AudienceSweepInput{CampaignID: id}},
				TaskQueue:             s.taskQueue,
				TypedSearchAttributes: temporal.NewSearchAttributes(workflows.CampaignIDKey.ValueSet(id)),
			},
			Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
			Note:    "audience of campaign " + camp.Name,
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
	if !want {
		note = "campaign not published, not in progress, or paused"
	}
	paused := desc.Schedule.State != nil && desc.Schedule.State.Paused
	switch {
	case desc.Schedule.Spec == nil || len(desc.Schedule.Spec.Intervals) != 1 || desc.Schedule.Spec.Intervals[0].Every != every:
		// One update sets the interval and the pause together.
		err = h.Update(ctx, client.ScheduleUpdateOptions{DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
			sched := in.Description.Schedule
			sched.Spec = &client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: every}}}
			sched.State = &client.ScheduleState{Paused: !want, Note: note}
			return &client.ScheduleUpdate{Schedule: &sched}, nil
		}})
	case want && paused:
		err = h.Unpause(ctx, client.ScheduleUnpauseOptions{Note: note})
	case !want && !paused:
		err = h.Pause(ctx, client.SchedulePauseOptions{Note: note})
	}
	if err != nil {
		return st, err
	}
	st.Exists, st.Running, st.IntervalSeconds = true, want, settings.AudienceIntervalSeconds
	st.Runs = desc.Info.NumActions
	if want && len(desc.Info.NextActionTimes) > 0 {
		st.NextRun = &desc.Info.NextActionTimes[0]
	}
	return st, nil
}

// dropSchedule deletes the audience schedule of a deleted campaign record, if any.
func (s *server) dropSchedule(c *gin.Context, id string) {
	err := s.temporal.ScheduleClient().GetHandle(detached(c), domain.AudienceScheduleID(id)).Delete(detached(c))
	var nf *serviceerror.NotFound
	if err != nil && !errors.As(err, &nf) {
		logger(c).Warn("could not delete the audience schedule", "campaign", id, "error", err)
	}
}
