package domain

import "strings"

// PlanTemplatePatch changes an activity plan template: only the fields
// present change. Editing the steps changes the plans created from then
// on; plans already created keep their activities.
type PlanTemplatePatch struct {
	Name   *string     `json:"name,omitempty"`
	Steps  *[]PlanStep `json:"steps,omitempty"`
	Active *bool       `json:"active,omitempty"`
}

// Normalize trims the name and each step's subject.
func (p *PlanTemplatePatch) Normalize() {
	if p.Name != nil {
		*p.Name = strings.TrimSpace(*p.Name)
	}
	if p.Steps != nil {
		for i := range *p.Steps {
			(*p.Steps)[i].Subject = strings.TrimSpace((*p.Steps)[i].Subject)
		}
	}
}

// Validate checks every field present, with the rules of a new template.
func (p PlanTemplatePatch) Validate() error {
	var v Validator
	v.Check(p.Name != nil || p.Steps != nil || p.Active != nil, "body", "name at least one of name, steps, active")
	if p.Name != nil {
		checkPlanName(&v, *p.Name)
	}
	if p.Steps != nil {
		checkPlanSteps(&v, *p.Steps)
	}
	return v.Err()
}
