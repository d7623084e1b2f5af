package app

import (
	"context"
	"errors"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// StatusChoices are the statuses one participant may move to now, or, when
// there is none, why it may not move.
type StatusChoices struct {
	Next []string `json:"next_statuses"`
	// Why explains an empty Next ("" otherwise).
	Why string `json:"why,omitempty"`
}

// NextStatuses gives each participant of camp (by id) the statuses it may
// move to now, under the definition of the version it runs
// (domain.WorkflowDef.NextStatuses): what a person is offered. The
// participant's workflow still decides the move itself.
func (s *Service) NextStatuses(ctx context.Context, camp domain.Campaign, ps []domain.Participant) (map[string]StatusChoices, error) {
	defs := map[int]domain.WorkflowDef{camp.Version: camp.Workflow, 0: camp.Workflow}
	out := make(map[string]StatusChoices, len(ps))
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
		out[p.ID] = StatusChoices{Next: next, Why: refusalReason(err)}
	}
	return out, nil
}

// refusalReason is the reason a refusal gives, for a person to read.
func refusalReason(err error) string {
	var te *domain.TransitionError
	if errors.As(err, &te) && te.Reason != "" {
		return te.Reason
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// Campaign reads a campaign the actor opens to read it, or to change
// something of it (write), under the API's access rule
// (domain.CampaignOpen): one the actor may not see is not found, a deleted
// one is read-only.
func (s *Service) Campaign(ctx context.Context, actor domain.User, id string, write bool) (domain.Campaign, error) {
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
