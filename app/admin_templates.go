package app

import (
	"context"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// CreateWorkflowTemplate adds a workflow template at version 1. Its name
// and statuses are checked by domain.WorkflowTemplateInput (the statuses
// with WorkflowDef.Validate: every next status must be one of them).
func (s *Service) CreateWorkflowTemplate(ctx context.Context, actor domain.User, in domain.WorkflowTemplateInput) (domain.WorkflowTemplate, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.WorkflowTemplate{}, err
	}
	id := uuid.NewString()
	if err := s.st.CreateTemplate(ctx, id, in); err != nil {
		return domain.WorkflowTemplate{}, err
	}
	return s.st.GetTemplate(ctx, id)
}

// UpdateWorkflowTemplate replaces a template's name, description and
// statuses; its version grows by one, so campaigns that copied it may
// reload it.
func (s *Service) UpdateWorkflowTemplate(ctx context.Context, actor domain.User, id string, in domain.WorkflowTemplateInput) (domain.WorkflowTemplate, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.WorkflowTemplate{}, err
	}
	if err := s.st.UpdateTemplate(ctx, id, in); err != nil {
		return domain.WorkflowTemplate{}, err
	}
	return s.st.GetTemplate(ctx, id)
}

// DeleteWorkflowTemplate deletes a template other than the default one;
// campaigns that copied it keep their copy.
func (s *Service) DeleteWorkflowTemplate(ctx context.Context, actor domain.User, id string) error {
	if err := domain.CanDeleteTemplate(id); err != nil {
		return err
	}
	return s.st.DeleteTemplate(ctx, id)
}
