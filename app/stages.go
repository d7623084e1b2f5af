package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/workflows"
)

// MovedCampaign is a campaign after a stage move, with the participants its
// start could not initiate (those without an owner stay Targeted).
type MovedCampaign struct {
	CampaignRecord
	NotInitiated int      `json:"not_initiated"`
	Warnings     []string `json:"warnings,omitempty"`
}

// MoveCampaign starts, completes or cancels a campaign. The campaign
// workflow owns the stage: a running one decides with its validator; with
// none running, PostgreSQL holds the stage, domain.Stage.CanMove decides,
// and the move starts the workflow (first start, or restart of a completed
// campaign). A start publishes a Draft version inside the workflow's stage
// activity, after the move was accepted. It returns once PostgreSQL holds
// the new stage.
func (s *Service) MoveCampaign(ctx context.Context, actor domain.User, id string, to domain.Stage) (MovedCampaign, error) {
	ctx = detached(ctx)
	_, err := s.wf.Campaigns.Move(ctx, id, to, actor.ID)
	if errors.Is(err, workflows.ErrNoWorkflow) {
		var camp domain.Campaign
		if camp, err = s.st.GetCampaign(ctx, id); err != nil {
			return MovedCampaign{}, err
		}
		if err := camp.Stage.CanMove(to); err != nil {
			return MovedCampaign{}, err
		}
		_, err = s.wf.Campaigns.StartAndMove(ctx, camp, to, actor.ID)
	}
	if err != nil {
		return MovedCampaign{}, err
	}
	s.SyncSchedule(ctx, id)
	return s.movedCampaign(ctx, actor, id, to == domain.StageInProgress)
}

func (s *Service) movedCampaign(ctx context.Context, actor domain.User, id string, started bool) (MovedCampaign, error) {
	rec, err := s.Campaign(ctx, actor, id)
	if err != nil {
		return MovedCampaign{}, err
	}
	out := MovedCampaign{CampaignRecord: rec}
	if !started {
		return out, nil
	}
	if out.NotInitiated, err = s.st.CountUnowned(ctx, id); err != nil {
		return out, err
	}
	if out.NotInitiated > 0 {
		out.Warnings = append(out.Warnings, fmt.Sprintf(
			"%d participants have no owner and stay Targeted until they are given one", out.NotInitiated))
		s.log.Warn("participants without owner not initiated", "campaign", id, "count", out.NotInitiated)
	}
	return out, nil
}

// DeleteCampaign deletes a campaign in planning, completed or cancelled; one
// in progress is refused. A completed or cancelled campaign's workflow ends
// its participants before it finishes, and the records stay until then.
func (s *Service) DeleteCampaign(ctx context.Context, actor domain.User, id string) error {
	camp, err := s.st.GetCampaign(ctx, id)
	if err != nil {
		return err
	}
	if err := camp.Stage.CanDelete(); err != nil {
		return err
	}
	running, err := s.wf.Campaigns.Running(ctx, id)
	if err != nil {
		return err
	}
	if running {
		return &domain.ConflictError{Reason: "the campaign is still winding down its participants: try again in a moment"}
	}
	if err := s.st.DeleteCampaign(ctx, id); err != nil {
		return err
	}
	if err := s.wf.Audiences.Drop(detached(ctx), id); err != nil {
		s.log.Warn("could not delete the audience schedule", "campaign", id, "error", err)
	}
	return nil
}
