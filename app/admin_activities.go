package app

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// CreatePlanTemplate adds an activity plan template (any id in t is
// replaced by a new one) and returns it as stored.
func (s *Service) CreatePlanTemplate(ctx context.Context, actor domain.User, t domain.PlanTemplate) (domain.PlanTemplate, error) {
	t.ID, t.Name = uuid.NewString(), strings.TrimSpace(t.Name)
	if err := t.Validate(); err != nil {
		return domain.PlanTemplate{}, err
	}
	if err := s.st.CreatePlanTemplate(ctx, t); err != nil {
		return domain.PlanTemplate{}, err
	}
	return s.st.GetPlanTemplate(ctx, t.ID)
}

// ChangePlanTemplate renames, edits the steps of, activates or deactivates
// a plan template. Only an active template creates plans; plans created
// before keep their activities.
func (s *Service) ChangePlanTemplate(ctx context.Context, actor domain.User, id string, p domain.PlanTemplatePatch) (domain.PlanTemplate, error) {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return domain.PlanTemplate{}, err
	}
	return s.st.PatchPlanTemplate(ctx, id, p)
}

// CreatePredefinedFilter adds a predefined filter of contact conditions
// (any id in f is replaced by a new one) and returns it as stored.
func (s *Service) CreatePredefinedFilter(ctx context.Context, actor domain.User, f domain.PredefinedFilter) (domain.PredefinedFilter, error) {
	f.ID, f.Name = uuid.NewString(), strings.TrimSpace(f.Name)
	if err := f.Validate(); err != nil {
		return domain.PredefinedFilter{}, err
	}
	if err := s.st.CreateFilter(ctx, f); err != nil {
		return domain.PredefinedFilter{}, err
	}
	return s.st.GetFilter(ctx, f.ID)
}
