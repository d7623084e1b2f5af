package app

import (
	"context"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// CampaignWorkflow is a campaign's participant-status workflow as both
// front ends show it: the definition, the template it came from, and
// whether that template changed since (Reload then loads it again).
type CampaignWorkflow struct {
	domain.WorkflowDef
	TemplateID string `json:"template_id,omitempty"`
	// LatestTemplateVersion is the template's current version.
	LatestTemplateVersion int `json:"latest_template_version,omitempty"`
	// ReloadAvailable is true when the template changed since it was loaded.
	ReloadAvailable bool `json:"reload_available"`
	// Warning lists, after an edit of a Test version, the running
	// participants the edit does not reach.
	Warning *EditWarning `json:"warning,omitempty"`
}

// WorkflowInput replaces a campaign's statuses. The read-only fields of a
// CampaignWorkflow are accepted and ignored, so a client can send back
// what it read.
type WorkflowInput struct {
	Statuses []domain.ParticipantStatus `json:"statuses"`

	Warning               any `json:"warning"`
	Template              any `json:"template"`
	TemplateVersion       any `json:"template_version"`
	TemplateID            any `json:"template_id"`
	LatestTemplateVersion any `json:"latest_template_version"`
	ReloadAvailable       any `json:"reload_available"`
}

// SelectTemplateInput names the template to load.
type SelectTemplateInput struct {
	TemplateID string `json:"template_id"`
}

// Validate checks the template id's shape.
func (in SelectTemplateInput) Validate() error {
	if !domain.IsUUID(in.TemplateID) {
		return fieldError("template_id", "must be a workflow template id")
	}
	return nil
}

// Workflow reads a campaign's workflow definition.
func (s *Service) Workflow(ctx context.Context, actor domain.User, campaignID string) (CampaignWorkflow, error) {
	w, err := s.st.GetCampaignWorkflow(ctx, campaignID)
	if err != nil {
		return CampaignWorkflow{}, err
	}
	return CampaignWorkflow{WorkflowDef: w.Def, TemplateID: w.TemplateID, LatestTemplateVersion: w.LatestVersion,
		ReloadAvailable: w.Def.ReloadAvailable(w.LatestVersion)}, nil
}

// PutWorkflow replaces the statuses of the campaign's current version
// (customising its copy; the template link stays, so it can still reload).
// The store refuses a frozen version, a cancelled campaign and a
// definition that lacks a status some participant holds.
func (s *Service) PutWorkflow(ctx context.Context, actor domain.User, campaignID string, in WorkflowInput) (CampaignWorkflow, error) {
	def := domain.WorkflowDef{Statuses: domain.NormalizeStatuses(in.Statuses)}
	if err := def.Validate(); err != nil {
		return CampaignWorkflow{}, err
	}
	if err := s.st.PutCampaignWorkflow(ctx, campaignID, def.Statuses); err != nil {
		return CampaignWorkflow{}, err
	}
	return s.editedWorkflow(ctx, actor, campaignID)
}

// SelectTemplate loads a template's current version into the campaign:
// every status's configuration is replaced, customisations are lost.
func (s *Service) SelectTemplate(ctx context.Context, actor domain.User, campaignID string, in SelectTemplateInput) (CampaignWorkflow, error) {
	if err := in.Validate(); err != nil {
		return CampaignWorkflow{}, err
	}
	if err := s.st.SelectCampaignTemplate(ctx, campaignID, in.TemplateID); err != nil {
		return CampaignWorkflow{}, err
	}
	return s.editedWorkflow(ctx, actor, campaignID)
}

// ReloadTemplate loads the newer version of the campaign's template
// (refused when it has not changed); customisations are lost.
func (s *Service) ReloadTemplate(ctx context.Context, actor domain.User, campaignID string) (CampaignWorkflow, error) {
	if err := s.st.ReloadCampaignTemplate(ctx, campaignID); err != nil {
		return CampaignWorkflow{}, err
	}
	return s.editedWorkflow(ctx, actor, campaignID)
}

// editedWorkflow reads the workflow after an edit, with the warning of a
// Test version whose running participants keep their definition.
func (s *Service) editedWorkflow(ctx context.Context, actor domain.User, campaignID string) (CampaignWorkflow, error) {
	w, err := s.Workflow(ctx, actor, campaignID)
	if err != nil {
		return w, err
	}
	_, w.Warning, err = s.editedVersion(ctx, campaignID)
	return w, err
}
