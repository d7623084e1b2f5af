package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
)

// StartBatch records a batch process over itemIDs and starts its workflow
// (batch/{id}); the batch is returned as recorded, for a 202 answer.
func (s *Service) StartBatch(ctx context.Context, actor domain.User, typ string, params any, itemIDs []string) (domain.Batch, error) {
	id := uuid.NewString()
	if err := s.st.CreateBatch(ctx, id, typ, params, itemIDs, actor.ID); err != nil {
		return domain.Batch{}, err
	}
	if err := s.wf.Batches.Start(detached(ctx), id); err != nil {
		return domain.Batch{}, err
	}
	return s.st.GetBatch(ctx, id)
}

func removedParams(campaignID string) activities.RemovedBatchParams {
	return activities.RemovedBatchParams{CampaignID: campaignID}
}

// StatusBatchInput is a batch status update: participants and their new status.
type StatusBatchInput struct {
	ParticipantIDs []string `json:"participant_ids"`
	Status         string   `json:"status"`
}

// Validate checks the input's shape.
func (in StatusBatchInput) Validate() error {
	var v domain.Validator
	v.Check(len(in.ParticipantIDs) > 0, "participant_ids", "list at least one participant")
	v.Check(len(in.ParticipantIDs) <= MaxAddBatch, "participant_ids", "at most %d participants per request", MaxAddBatch)
	v.Check(strings.TrimSpace(in.Status) != "", "status", "is required")
	v.MaxLen("status", in.Status, domain.MaxName)
	return v.Err()
}

// BatchParticipantStatus starts an "Update Campaign Participant Status"
// batch process. The status may be one of any version's definitions, since
// participants keep the version they started with; each item is decided
// against its own participant's definition when the batch runs.
func (s *Service) BatchParticipantStatus(ctx context.Context, actor domain.User, campaignID string, in StatusBatchInput) (domain.Batch, error) {
	if err := in.Validate(); err != nil {
		return domain.Batch{}, err
	}
	camp, err := s.st.GetCampaign(ctx, campaignID)
	if err != nil {
		return domain.Batch{}, err
	}
	status := strings.TrimSpace(in.Status)
	target, ok, err := s.anyVersionStatus(ctx, camp, status)
	if err != nil {
		return domain.Batch{}, err
	}
	if !ok {
		return domain.Batch{}, fieldError("status", fmt.Sprintf("%q is not a status of this campaign's workflow", in.Status))
	}
	if err := domain.CanChangeParticipantStatus(camp.Stage, "", target.Name); err != nil {
		return domain.Batch{}, err
	}
	params := activities.StatusBatchParams{CampaignID: campaignID, Status: target.Name, ActorID: actor.ID}
	return s.StartBatch(ctx, actor, domain.BatchUpdateParticipantStatus, params, in.ParticipantIDs)
}

// anyVersionStatus finds a status by name in the campaign's current
// definition or in any of its other versions.
func (s *Service) anyVersionStatus(ctx context.Context, camp domain.Campaign, name string) (domain.ParticipantStatus, bool, error) {
	if st, ok := camp.Workflow.Status(name); ok {
		return st, true, nil
	}
	vs, err := s.st.ListVersions(ctx, camp.ID)
	if err != nil {
		return domain.ParticipantStatus{}, false, err
	}
	for _, v := range vs {
		if st, ok := v.Workflow.Status(name); ok {
			return st, true, nil
		}
	}
	return domain.ParticipantStatus{}, false, nil
}
