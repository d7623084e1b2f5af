package domain

import (
	"strings"
	"time"
)

// ScoringRule gives points to every lead whose field matches a condition.
// Rules are evaluated in one place only: the lead_score() SQL function.
type ScoringRule struct {
	ID        string    `json:"id"`
	Field     string    `json:"field"`
	Operator  string    `json:"operator"`
	Value     string    `json:"value"`
	Points    int       `json:"points"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ScoreFields are the lead fields a scoring rule may test (the lead_field()
// SQL function maps each of them to its column).
var ScoreFields = []string{"company", "position", "email", "phone", "market_segment", "sales_concept", "source",
	"source_type", "consent_to_contact", "address_city", "address_state", "address_country", "status"}

// Scoring rule operators: equals and contains compare case-insensitively;
// present matches a non-empty field.
const (
	ScoreEquals   = "equals"
	ScoreContains = "contains"
	ScorePresent  = "present"
)

// Validate checks a scoring rule.
func (r ScoringRule) Validate() error {
	var v Validator
	known := false
	for _, f := range ScoreFields {
		known = known || f == r.Field
	}
	v.Check(known, "field", "must be one of %s", strings.Join(ScoreFields, ", "))
	switch r.Operator {
	case ScoreEquals, ScoreContains:
		v.Check(strings.TrimSpace(r.Value) != "", "value", "is required for %s", r.Operator)
	case ScorePresent:
	default:
		v.Add("operator", "must be equals, contains or present")
	}
	v.Check(r.Points >= -MaxPoints && r.Points <= MaxPoints, "points", "must be from %d to %d", -MaxPoints, MaxPoints)
	v.MaxLen("value", r.Value, MaxName)
	return v.Err()
}

// OpportunityKind is a parent or a product opportunity.
const (
	OpportunityParent  = "parent"
	OpportunityProduct = "product"
)

// ConvertInput asks to convert a lead, optionally with an opportunity.
type ConvertInput struct {
	Opportunity *OpportunityInput `json:"opportunity"`
}

// OpportunityInput is the opportunity a conversion creates.
type OpportunityInput struct {
	Kind        string `json:"kind"`
	Template    string `json:"template"`
	Description string `json:"description"`
}

// Validate checks a conversion request.
func (in ConvertInput) Validate() error {
	if in.Opportunity == nil {
		return nil
	}
	var v Validator
	o := in.Opportunity
	v.Check(o.Kind == OpportunityParent || o.Kind == OpportunityProduct, "opportunity.kind", "must be parent or product")
	v.Check(strings.TrimSpace(o.Template) != "", "opportunity.template", "is required")
	v.MaxLen("opportunity.template", o.Template, MaxName)
	v.Check(strings.TrimSpace(o.Description) != "", "opportunity.description", "is required")
	v.MaxLen("opportunity.description", o.Description, MaxDescription)
	return v.Err()
}

// ConvertResult tells what a conversion created or reused.
type ConvertResult struct {
	Lead           Lead   `json:"lead"`
	ContactID      string `json:"contact_id"`
	ContactCreated bool   `json:"contact_created"`
	CompanyID      string `json:"company_id,omitempty"`
	CompanyCreated bool   `json:"company_created"`
	OpportunityID  string `json:"opportunity_id,omitempty"`
}
