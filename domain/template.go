package domain

import (
	"fmt"
	"strings"
	"time"
)

// DefaultTemplateID is the fixed id of the "Default campaign workflow"
// template, created on first use from DefaultWorkflow.
const DefaultTemplateID = "00000000-0000-4000-8000-00000000d0f1"

// WorkflowTemplate is an administrator-managed participant-status workflow
// that campaigns copy. Its version grows by one on every update.
type WorkflowTemplate struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	Description string              `json:"description"`
	Version     int                 `json:"version"`
	Statuses    []ParticipantStatus `json:"statuses"`
	CreatedAt   time.Time           `json:"created_at"`
	UpdatedAt   time.Time           `json:"updated_at"`
}

// Def is the campaign copy of the template, marked with its name and version.
func (t WorkflowTemplate) Def() WorkflowDef {
	return WorkflowDef{Template: t.Name, TemplateVersion: t.Version, Statuses: t.Statuses}
}

// WorkflowTemplateInput creates or replaces a template.
type WorkflowTemplateInput struct {
	Name        string              `json:"name"`
	Description string              `json:"description"`
	Statuses    []ParticipantStatus `json:"statuses"`
}

// Normalize trims names.
func (in *WorkflowTemplateInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Statuses = NormalizeStatuses(in.Statuses)
}

// Validate checks the name and the statuses.
func (in WorkflowTemplateInput) Validate() error {
	var v Validator
	v.Check(in.Name != "", "name", "is required")
	v.MaxLen("name", in.Name, MaxName)
	v.MaxLen("description", in.Description, MaxDescription)
	if err := (WorkflowDef{Statuses: in.Statuses}).Validate(); err != nil {
		v.fields = append(v.fields, err.(*ValidationError).Fields...)
	}
	return v.Err()
}

// NormalizeStatuses trims status names and turns missing lists into empty ones.
func NormalizeStatuses(in []ParticipantStatus) []ParticipantStatus {
	out := make([]ParticipantStatus, len(in))
	for i, s := range in {
		s.Name = strings.TrimSpace(s.Name)
		if s.Actions == nil {
			s.Actions = []Action{}
		}
		if s.Next == nil {
			s.Next = []string{}
		}
		for j := range s.Next {
			s.Next[j] = strings.TrimSpace(s.Next[j])
		}
		out[i] = s
	}
	return out
}

// CanChangeWorkflow refuses a new workflow definition for a cancelled
// campaign, which is final. A completed campaign may still change its
// workflow, since it can be restarted.
func (s Stage) CanChangeWorkflow() error {
	if s == StageCancelled {
		return &ConflictError{Reason: "a cancelled campaign is final: its workflow cannot change"}
	}
	return nil
}

// KeepsStatuses refuses a definition that lacks a status some participant of
// the campaign currently holds (inUse), which would strand them.
func (d WorkflowDef) KeepsStatuses(inUse []string) error {
	var missing []string
	for _, s := range inUse {
		if _, ok := d.Status(s); !ok {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		return &ConflictError{Reason: fmt.Sprintf("participants of this campaign are in %s, which the new workflow lacks: keep those statuses",
			strings.Join(missing, ", "))}
	}
	return nil
}

// ErrTemplateUnchanged refuses a reload when the template has no newer version.
var ErrTemplateUnchanged = &ConflictError{Reason: "the template has not changed since the campaign loaded it"}

// ErrNoTemplate refuses a reload for a campaign whose template was deleted.
var ErrNoTemplate = &ConflictError{Reason: "the campaign's workflow is not linked to a template: select one instead"}

// CanReload allows reloading a template only when its version is newer than
// the one this copy was loaded from.
func (d WorkflowDef) CanReload(t WorkflowTemplate) error {
	if t.Version <= d.TemplateVersion {
		return ErrTemplateUnchanged
	}
	return nil
}

// ReloadAvailable reports whether the template has a newer version than the copy.
func (d WorkflowDef) ReloadAvailable(latestVersion int) bool {
	return latestVersion > d.TemplateVersion
}

// CanDeleteTemplate refuses deleting the "Default campaign workflow": every
// new campaign copies it, so it is edited, never removed.
func CanDeleteTemplate(id string) error {
	if id == DefaultTemplateID {
		return &ConflictError{Reason: "the default campaign workflow template cannot be deleted; edit it instead"}
	}
	return nil
}
