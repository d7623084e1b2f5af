package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// SetStageInput moves a campaign from one stage to another in PostgreSQL.
type SetStageInput struct {
	CampaignID string
	From, To   domain.Stage
}

// SetCampaignStage writes a campaign stage change (compare-and-set, so a
// retry is harmless and a lost race is refused).
//
// A start first applies what it does to the current version (a Draft is
// published, Test starts in test mode, Sundown and Deleted refuse it): the
// workflow's validator accepted the move before this runs, so a refused
// start publishes nothing. Publishing is idempotent, so a retry is safe.
func (a *Activities) SetCampaignStage(ctx context.Context, in SetStageInput) error {
	if in.To == domain.StageInProgress {
		if _, err := a.Store.PrepareStart(ctx, in.CampaignID); err != nil {
			return permanent(err)
		}
	}
	return permanent(a.Store.SetCampaignStage(ctx, in.CampaignID, in.From, in.To))
}

// StartParticipantsInput names the campaign whose participants to start.
type StartParticipantsInput struct {
	CampaignID string
	// Restart says the campaign was restarted after it completed: its
	// participants' closed workflows may run again.
	Restart bool
}

// startChunk is how many participant workflows are started between two
// heartbeats of the bulk start.
const startChunk = 50

// StartParticipantsResult counts what one bulk start did.
type StartParticipantsResult struct {
	Pages     int
	Initiated int
	Emailed   int
	Started   int
}

// startProgress is the heartbeat detail: a retried attempt resumes each side
// of the bulk start after the last page it finished.
type startProgress struct {
	// Cursor is the last participant whose workflow the starting side saw to.
	Cursor string
	// Sent is the last participant of the last page the sending side sent.
	Sent string
	StartParticipantsResult
}

// liveParticipants keeps the initiated participants whose status is not final.
func liveParticipants(def domain.WorkflowDef, ps []domain.Participant) []domain.Participant {
	out := make([]domain.Participant, 0, len(ps))
	for _, p := range ps {
		if p.Status != domain.StatusTargeted && !def.IsFinal(p.Status) {
			out = append(out, p)
		}
	}
	return out
}

// EndParticipantsInput names the campaign that ended.
type EndParticipantsInput struct {
	CampaignID string
	Stage      domain.Stage
}

// EndParticipants signals every participant workflow of an ended campaign,
// page by page, heartbeating its cursor.
func (a *Activities) EndParticipants(ctx context.Context, in EndParticipantsInput) error {
	var cursor string
	if activity.HasHeartbeatDetails(ctx) {
		_ = activity.GetHeartbeatDetails(ctx, &cursor)
	}
	c, err := a.Store.GetCampaign(ctx, in.CampaignID)
	if err != nil {
		return permanent(err)
	}
	for {
		ps, err := a.Store.ListParticipants(ctx, in.CampaignID, cursor, a.pageSize())
		if err != nil || len(ps) == 0 {
			return err
		}
		ids := make([]string, 0, len(ps))
		for _, p := range liveParticipants(c.Workflow, ps) {
			ids = append(ids, p.ID)
		}
		if err := a.Starter.EndParticipants(ctx, in.CampaignID, in.Stage, ids); err != nil {
			return err
		}
		cursor = ps[len(ps)-1].ID
		activity.RecordHeartbeat(ctx, cursor)
	}
}

// ApplyStatusInput is one participant status change to record.
type ApplyStatusInput struct {
	CampaignID    string
	ParticipantID string
	From, To      string
	Transition    int
	Actions       []domain.Action
	ActorID       string
}

// ApplyStatusResult is the recorded change and the emails to send now.
type ApplyStatusResult struct {
	EmailKeys   []string
	StatusSince time.Time
}

// ApplyParticipantStatus records a status change and its actions in one
// transaction; repeating it writes nothing new.
func (a *Activities) ApplyParticipantStatus(ctx context.Context, in ApplyStatusInput) (ApplyStatusResult, error) {
	c, err := a.Store.GetCampaign(ctx, in.CampaignID)
	if err != nil {
		return ApplyStatusResult{}, permanent(err)
	}
	p, keys, err := a.Store.ApplyStatus(ctx, store.ApplyStatusParams{
		Campaign: c, ParticipantID: in.ParticipantID, From: in.From, To: in.To,
		Transition: in.Transition, Actions: in.Actions, ActorID: in.ActorID,
	})
	if err != nil {
		return ApplyStatusResult{}, permanent(err)
	}
	if hasDelayedEmail(in.Actions) {
		a.wakeSender(ctx)
	}
	if _, err := a.sendParticipantSMS(ctx, []string{p.ID}); err != nil {
		return ApplyStatusResult{}, err
	}
	return ApplyStatusResult{EmailKeys: keys, StatusSince: p.StatusSince}, nil
}
