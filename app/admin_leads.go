package app

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// LeadSettings are the settings of lead management.
type LeadSettings struct {
	// B2BMode converts leads to companies and requires a company name.
	B2BMode bool `json:"b2b_mode"`
}

// LeadSettingsInput changes the lead settings; every field is required.
type LeadSettingsInput struct {
	B2BMode *bool `json:"b2b_mode"`
}

// Validate checks that B2B mode is given.
func (in LeadSettingsInput) Validate() error {
	var v domain.Validator
	v.Check(in.B2BMode != nil, "b2b_mode", "is required (true or false)")
	return v.Err()
}

// SetLeadSettings changes the lead settings and returns them.
func (s *Service) SetLeadSettings(ctx context.Context, actor domain.User, in LeadSettingsInput) (LeadSettings, error) {
	if err := in.Validate(); err != nil {
		return LeadSettings{}, err
	}
	if err := s.st.SetLeadSettings(ctx, *in.B2BMode); err != nil {
		return LeadSettings{}, err
	}
	return LeadSettings{B2BMode: *in.B2BMode}, nil
}

// ScoringRuleInput creates or replaces a lead scoring rule.
type ScoringRuleInput struct {
	Field    string `json:"field"`
	Operator string `json:"operator"`
	Value    string `json:"value"`
	// Points is required: a rule without points would score nothing.
	Points *int `json:"points"`
}

// rule is the input as the rule with the id, checked by its own rules.
func (in ScoringRuleInput) rule(id string) (domain.ScoringRule, error) {
	r := domain.ScoringRule{ID: id, Field: in.Field, Operator: in.Operator, Value: in.Value}
	if in.Points != nil {
		r.Points = *in.Points
	}
	err := r.Validate()
	if in.Points == nil {
		var ve *domain.ValidationError
		if !errors.As(err, &ve) {
			ve = &domain.ValidationError{}
		}
		ve.Fields = append(ve.Fields, domain.FieldError{Field: "points", Message: "is required"})
		err = ve
	}
	return r, err
}

// CreateScoringRule adds a rule; every lead whose score it changes is
// rescored in the same transaction.
func (s *Service) CreateScoringRule(ctx context.Context, actor domain.User, in ScoringRuleInput) (domain.ScoringRule, error) {
	return s.saveScoringRule(ctx, uuid.NewString(), in, true)
}

// UpdateScoringRule replaces a rule and rescores the leads it changes.
func (s *Service) UpdateScoringRule(ctx context.Context, actor domain.User, id string, in ScoringRuleInput) (domain.ScoringRule, error) {
	return s.saveScoringRule(ctx, id, in, false)
}

func (s *Service) saveScoringRule(ctx context.Context, id string, in ScoringRuleInput, create bool) (domain.ScoringRule, error) {
	r, err := in.rule(id)
	if err != nil {
		return domain.ScoringRule{}, err
	}
	if err := s.st.SaveScoringRule(ctx, r, create); err != nil {
		return domain.ScoringRule{}, err
	}
	return s.st.GetScoringRule(ctx, id)
}
