package domain

import (
	"fmt"
	"strings"
	"time"
)

// BatchUpdateParticipantStatus is the batch process type of a bulk
// participant status change.
const BatchUpdateParticipantStatus = "Update Campaign Participant Status"

// BatchEmailCampaignDocument is the batch process type of a campaign
// document emailed to participants.
const BatchEmailCampaignDocument = "Email Campaign Document"

// BatchEndRemovedParticipants is the batch process type that ends the
// workflows of participants removed together.
const BatchEndRemovedParticipants = "End Removed Campaign Participants"

// BatchPrintCampaignDocument is the batch process type that lists the PDFs a
// campaign-wide start printed.
const BatchPrintCampaignDocument = "Print Campaign Document"

// TransitionKey is the idempotency key of a participant's transition-th
// status change made by its workflow.
func TransitionKey(campaignID, participantID string, transition int) string {
	return fmt.Sprintf("%s/t%d", ParticipantWorkflowID(campaignID, participantID), transition)
}

// CanChangeParticipantStatus says whether participants of a campaign in the
// given stage may change status.
func CanChangeParticipantStatus(stage Stage, from, to string) error {
	refuse := func(reason string) error {
		return &TransitionError{Entity: "participant", From: from, To: to, Reason: reason}
	}
	switch stage {
	case StagePlanning:
		return refuse("while the campaign is in planning every participant stays Targeted")
	case StageCompleted:
		return refuse("the campaign is completed; restart it to change participant statuses")
	case StageCancelled:
		return refuse("the campaign is cancelled, which is final")
	}
	if strings.EqualFold(from, StatusTargeted) {
		return refuse("the participant was not initiated (a participant needs an owner to be initiated)")
	}
	return nil
}

// CanChangeParticipants says whether participants of a campaign in the given
// stage may be given another owner or removed: anything but a cancelled
// campaign, which is final.
func CanChangeParticipants(stage Stage) error {
	if stage == StageCancelled {
		return &ConflictError{Reason: "the campaign is cancelled, which is final: its participants cannot change"}
	}
	return nil
}

// CanChangeOwner says whether a participant in the given status may get
// another owner: not in a cancelled campaign, and not once the participant
// reached a final status (a final participant never changes).
func CanChangeOwner(stage Stage, def WorkflowDef, status string) error {
	if err := CanChangeParticipants(stage); err != nil {
		return err
	}
	return CheckNotFinal(def, status)
}

// CheckNotFinal refuses any change to a participant in a final status (its
// workflow has ended: a final participant never changes).
func CheckNotFinal(def WorkflowDef, status string) error {
	if def.IsFinal(status) {
		return &TransitionError{Entity: "participant", From: status, To: status,
			Reason: fmt.Sprintf("%s is a final status: the participant cannot change any more", def.Canonical(status))}
	}
	return nil
}

// ParticipantChange is the body of a single participant's PATCH: a new status
// or a new owner, one at a time.
type ParticipantChange struct {
	Status  *string `json:"status"`
	OwnerID *string `json:"owner_id"`
}

// Validate checks that exactly one well-formed change is asked for.
func (in ParticipantChange) Validate() error {
	var v Validator
	switch {
	case in.Status == nil && in.OwnerID == nil:
		v.Add("body", "give a status or an owner_id")
	case in.Status != nil && in.OwnerID != nil:
		v.Add("body", "change the status or the owner_id, one at a time")
	case in.Status != nil:
		v.Check(strings.TrimSpace(*in.Status) != "", "status", "is required")
		v.MaxLen("status", *in.Status, MaxName)
	default:
		v.Check(IsUUID(*in.OwnerID), "owner_id", "must be a user id")
	}
	return v.Err()
}

// FilterCondition is one condition of a predefined filter on a contact field.
type FilterCondition struct {
	Field string `json:"field"`
	// Op is eq, contains or starts_with (case-insensitive).
	Op    string `json:"op"`
	Value string `json:"value"`
}

// filterFields maps the contact fields a filter may test to their columns.
var filterFields = map[string]string{
	"first_name": "first_name", "last_name": "last_name", "email": "email", "phone": "phone", "status": "status",
}

// filterOps maps each operator to a SQL pattern builder.
var filterOps = map[string]func(string) string{
	"eq":          func(v string) string { return v },
	"contains":    func(v string) string { return "%" + escapeLike(v) + "%" },
	"starts_with": func(v string) string { return escapeLike(v) + "%" },
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

// Column returns the contact column the condition tests, the SQL operator and
// the argument, all from fixed lists (the value is always a bind argument).
func (fc FilterCondition) Column() (column, op, arg string) {
	column = filterFields[fc.Field]
	if fc.Op == "eq" {
		return column, "=", strings.ToLower(fc.Value)
	}
	return column, "LIKE", strings.ToLower(filterOps[fc.Op](fc.Value))
}

// PredefinedFilter is a named set of contact conditions, all of which must hold.
type PredefinedFilter struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Conditions []FilterCondition `json:"conditions"`
	CreatedAt  time.Time         `json:"created_at"`
}

// Validate checks the filter's name and conditions.
func (f PredefinedFilter) Validate() error {
	var v Validator
	v.Check(strings.TrimSpace(f.Name) != "", "name", "is required")
	v.MaxLen("name", f.Name, MaxName)
	v.Check(len(f.Conditions) > 0, "conditions", "list at least one condition")
	v.Check(len(f.Conditions) <= 20, "conditions", "at most 20 conditions")
	for i, c := range f.Conditions {
		p := fmt.Sprintf("conditions[%d]", i)
		_, ok := filterFields[c.Field]
		v.Check(ok, p+".field", "must be one of first_name, last_name, email, phone, status")
		_, ok = filterOps[c.Op]
		v.Check(ok, p+".op", "must be eq, contains or starts_with")
		v.MaxLen(p+".value", c.Value, MaxName)
	}
	return v.Err()
}

// PlanStep is one activity an activity plan creates.
type PlanStep struct {
	Kind      string `json:"kind"`
	Subject   string `json:"subject"`
	DueInDays int    `json:"due_in_days"`
}

// MaxPlanSteps bounds the steps of an activity plan template.
const MaxPlanSteps = 100

// CoverageInput records that a user covers a contact in a role (the role
// an allocation model or an activity plan action looks for).
type CoverageInput struct {
	UserID string `json:"user_id"`
	Role   string `json:"role"`
}

// Normalize trims the role.
func (in *CoverageInput) Normalize() { in.Role = strings.TrimSpace(in.Role) }

// Validate checks the user id and the role.
func (in CoverageInput) Validate() error {
	var v Validator
	v.Check(IsUUID(in.UserID), "user_id", "must be a user id")
	v.Check(in.Role != "", "role", "is required")
	v.MaxLen("role", in.Role, MaxName)
	return v.Err()
}

// PlanTemplate is an activity plan template; only an active one creates plans.
type PlanTemplate struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Active    bool       `json:"active"`
	Steps     []PlanStep `json:"steps"`
	CreatedAt time.Time  `json:"created_at"`
}

// Validate checks the template's name and steps.
func (t PlanTemplate) Validate() error {
	var v Validator
	checkPlanName(&v, t.Name)
	checkPlanSteps(&v, t.Steps)
	return v.Err()
}

func checkPlanName(v *Validator, name string) {
	v.Check(strings.TrimSpace(name) != "", "name", "is required")
	v.MaxLen("name", name, MaxName)
}

func checkPlanSteps(v *Validator, steps []PlanStep) {
	v.Check(len(steps) > 0, "steps", "list at least one step")
	v.MaxItems("steps", len(steps), MaxPlanSteps)
	for i, s := range steps {
		p := fmt.Sprintf("steps[%d]", i)
		v.Check(s.Kind == "task" || s.Kind == "meeting" || s.Kind == "call", p+".kind", "must be task, meeting or call")
		v.Check(strings.TrimSpace(s.Subject) != "", p+".subject", "is required")
		v.MaxLen(p+".subject", s.Subject, MaxSubject)
		v.Check(s.DueInDays >= 0 && s.DueInDays <= MaxDueInDays, p+".due_in_days", "must be from 0 to %d", MaxDueInDays)
	}
}

// Activity is one entry of a contact's Activities tab: a task, meeting,
// email, printed document or activity plan step.
type Activity struct {
	ID         string         `json:"id"`
	ContactID  string         `json:"contact_id"`
	CampaignID string         `json:"campaign_id,omitempty"`
	Kind       string         `json:"kind"`
	OwnerID    string         `json:"owner_id,omitempty"`
	Subject    string         `json:"subject"`
	Details    map[string]any `json:"details"`
	DueAt      *time.Time     `json:"due_at,omitempty"`
	CreatedAt  time.Time      `json:"created_at"`
}
