package app

import (
	"context"
	"errors"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// ParticipantChoices are the changes one participant is open to now: the
// statuses it may move to (or why none), and whether its owner may change
// (or why not).
type ParticipantChoices struct {
	Next []string `json:"next_statuses"`
	// Why explains an empty Next ("" otherwise).
	Why string `json:"why,omitempty"`
	// OwnerWhy says why the owner cannot change ("" when it can).
	OwnerWhy string `json:"owner_why,omitempty"`
}

// Choices gives each participant of camp (by id) the changes it is open to
// now, under the definition of the version it runs
// (domain.WorkflowDef.NextStatuses, domain.CanChangeOwner): what a person
// is offered. The participant's workflow still decides a change itself.
func (s *Service) Choices(ctx context.Context, camp domain.Campaign, ps []domain.Participant) (map[string]ParticipantChoices, error) {
	defs := map[int]domain.WorkflowDef{camp.Version: camp.Workflow, 0: camp.Workflow}
	out := make(map[string]ParticipantChoices, len(ps))
	for _, p := range ps {
		def, ok := defs[p.Version]
		if !ok {
			v, err := s.st.GetVersion(ctx, camp.ID, p.Version)
			if err != nil {
				return nil, err
			}
			def, defs[p.Version] = v.Workflow, v.Workflow
		}
		next, err := def.NextStatuses(camp.Stage, p.Status)
		out[p.ID] = ParticipantChoices{Next: next, Why: refusalReason(err),
			OwnerWhy: refusalReason(domain.CanChangeOwner(camp.Stage, def, p.Status))}
	}
	return out, nil
}

// refusalReason is the reason a refusal gives, for a person to read.
func refusalReason(err error) string {
	var te *domain.TransitionError
	var ce *domain.ConflictError
	switch {
	case errors.As(err, &te) && te.Reason != "":
		return te.Reason
	case errors.As(err, &ce):
		return ce.Reason
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// OpenCampaign reads a campaign the actor opens to read it, or to change
// something of it (write), under the API's access rule
// (domain.CampaignOpen): one the actor may not see is not found, a deleted
// one is read-only.
func (s *Service) OpenCampaign(ctx context.Context, actor domain.User, id string, write bool) (domain.Campaign, error) {
	if !domain.IsUUID(id) {
		return domain.Campaign{}, domain.ErrNotFound
	}
	visible, status, err := s.st.CampaignAccess(ctx, id, actor)
	if err != nil {
		return domain.Campaign{}, err
	}
	if err := domain.CampaignOpen(visible, status, write); err != nil {
		return domain.Campaign{}, err
	}
	return s.st.GetCampaign(ctx, id)
}
