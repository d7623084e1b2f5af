package domain

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Participant statuses every campaign workflow definition must contain.
const (
	StatusTargeted  = "Targeted"
	StatusContacted = "Contacted"
)

// ActionKind names what a status does for a participant who enters it.
type ActionKind string

// The actions a status can run (seed 000).
const (
	ActionTask         ActionKind = "task"
	ActionMeeting      ActionKind = "meeting"
	ActionOpportunity  ActionKind = "opportunity"
	ActionPrint        ActionKind = "print"
	ActionEmail        ActionKind = "email"
	ActionActivityPlan ActionKind = "activity_plan"
	// ActionSMS sends Body as a text message to the contact's phone.
	ActionSMS ActionKind = "sms"
	// ActionPoints adds Points to the contact's score.
	ActionPoints ActionKind = "points"
	// ActionEngagement records an engagement activity with the contact.
	ActionEngagement ActionKind = "engagement"
)

var actionKinds = map[ActionKind]bool{
	ActionTask: true, ActionMeeting: true, ActionOpportunity: true,
	ActionPrint: true, ActionEmail: true, ActionActivityPlan: true,
	ActionSMS: true, ActionPoints: true, ActionEngagement: true,
}

// Action is one thing a status does for each participant who enters it.
type Action struct {
	Kind ActionKind `json:"kind"`
	// Subject is the task or meeting subject, the opportunity description or
	// the email subject (merge tokens allowed).
	Subject string `json:"subject,omitempty"`
	// Body is the email body when no template document is set (merge tokens allowed).
	Body string `json:"body,omitempty"`
	// DocumentID is the folder document printed, or used as the email template.
	DocumentID string `json:"document_id,omitempty"`
	// Attachments are folder documents attached to an email.
	Attachments []string `json:"attachments,omitempty"`
	// Format is what a print action produces: pdf or docx ("": the
	// document's own, see Document.PrintFormat).
	Format string `json:"format,omitempty"`
	// DelaySeconds delays an email after the status change (a durable timer).
	DelaySeconds int64 `json:"delay_seconds,omitempty"`
	// DueInDays sets a task or meeting due date relative to the status change.
	DueInDays int `json:"due_in_days,omitempty"`
	// PlanTemplateID is the activity plan template of an activity_plan action.
	PlanTemplateID string `json:"plan_template_id,omitempty"`
	// CoverageRole assigns an activity plan to the participant's covering user in that role.
	CoverageRole string `json:"coverage_role,omitempty"`
	// Revenue is the expected revenue of a created opportunity.
	Revenue float64 `json:"revenue,omitempty"`
	// Points are added to the contact's score by a points action.
	Points int `json:"points,omitempty"`
}

// ParticipantStatus is one custom status of a campaign's workflow.
type ParticipantStatus struct {
	Name    string   `json:"name"`
	Actions []Action `json:"actions"`
	// Next lists the statuses a participant may move to from this one. A
	// status with no next statuses is final.
	Next []string `json:"next"`
}

// MarshalJSON writes a status without actions or next statuses with empty
// lists, never null: definitions written before lists were normalized (and
// the default workflow) answer as the API documents them.
func (s ParticipantStatus) MarshalJSON() ([]byte, error) {
	type plain ParticipantStatus // without this method
	p := plain(s)
	if p.Actions == nil {
		p.Actions = []Action{}
	}
	if p.Next == nil {
		p.Next = []string{}
	}
	return json.Marshal(p)
}

// WorkflowDef is a campaign's participant-status workflow definition.
type WorkflowDef struct {
	// Template is the name of the template it was loaded from, if any.
	Template string `json:"template,omitempty"`
	// TemplateVersion is the template's version when it was loaded.
	TemplateVersion int                 `json:"template_version,omitempty"`
	Statuses        []ParticipantStatus `json:"statuses"`
}

// Status returns the named status; names match regardless of case.
func (d WorkflowDef) Status(name string) (ParticipantStatus, bool) {
	if i := d.index(name); i >= 0 {
		return d.Statuses[i], true
	}
	return ParticipantStatus{}, false
}

// Canonical returns the status name as the definition spells it.
func (d WorkflowDef) Canonical(name string) string {
	if s, ok := d.Status(name); ok {
		return s.Name
	}
	return name
}

// IsFinal reports whether a participant in the named status can never change.
func (d WorkflowDef) IsFinal(name string) bool {
	s, ok := d.Status(name)
	return ok && len(s.Next) == 0
}

// CanMove returns nil when a participant may move from one status to another.
func (d WorkflowDef) CanMove(from, to string) error {
	refuse := func(reason string) error {
		return &TransitionError{Entity: "participant", From: from, To: to, Reason: reason}
	}
	cur, ok := d.Status(from)
	if !ok {
		return refuse("the current status is not part of the campaign workflow")
	}
	target, ok := d.Status(to)
	if !ok {
		return refuse("the campaign workflow has no such status")
	}
	if strings.EqualFold(target.Name, StatusTargeted) {
		return refuse("no participant returns to Targeted")
	}
	if len(cur.Next) == 0 {
		return refuse(fmt.Sprintf("%s is a final status", cur.Name))
	}
	for _, n := range cur.Next {
		if strings.EqualFold(n, target.Name) {
			return nil
		}
	}
	return refuse(fmt.Sprintf("allowed next statuses are %s", strings.Join(cur.Next, ", ")))
}

// Validate checks that the definition is complete and consistent. Names
// are matched exactly as Status matches them, so that every status and
// every next status of a valid definition can be found, and every move it
// lists can be made.
func (d WorkflowDef) Validate() error {
	var v Validator
	v.MaxItems("statuses", len(d.Statuses), MaxStatuses)
	for i, s := range d.Statuses {
		f := fmt.Sprintf("statuses[%d]", i)
		name := strings.TrimSpace(s.Name)
		v.Check(name != "", f+".name", "is required")
		v.MaxLen(f+".name", name, MaxName)
		v.Check(name == "" || d.index(s.Name) == i, f+".name", "%q appears twice (names are compared regardless of case)", name)
		v.MaxItems(f+".actions", len(s.Actions), MaxStatusActions)
		for j, a := range s.Actions {
			validateAction(&v, fmt.Sprintf("%s.actions[%d]", f, j), a)
		}
	}
	for i, s := range d.Statuses {
		for j, n := range s.Next {
			f := fmt.Sprintf("statuses[%d].next[%d]", i, j)
			if len(n) > MaxName {
				v.MaxLen(f, n, MaxName)
				continue
			}
			target, ok := d.Status(n)
			v.Check(ok, f, "%q is not a status of this workflow", n)
			v.Check(!ok || !strings.EqualFold(target.Name, StatusTargeted), f, "no participant returns to %s", StatusTargeted)
		}
	}
	_, targeted := d.Status(StatusTargeted)
	_, contacted := d.Status(StatusContacted)
	v.Check(targeted, "statuses", "must include %s", StatusTargeted)
	v.Check(contacted, "statuses", "must include %s", StatusContacted)
	return v.Err()
}

// index returns the position of the first status whose name matches.
func (d WorkflowDef) index(name string) int {
	for i, s := range d.Statuses {
		if strings.EqualFold(s.Name, name) {
			return i
		}
	}
	return -1
}

func validateAction(v *Validator, f string, a Action) {
	if !actionKinds[a.Kind] {
		v.Add(f+".kind", "must be one of task, meeting, opportunity, print, email, activity_plan, sms, points, engagement")
		return
	}
	v.Check(a.DelaySeconds >= 0 && a.DelaySeconds <= MaxDelaySeconds, f+".delay_seconds", "must be from 0 to %d", MaxDelaySeconds)
	v.Check(a.DelaySeconds == 0 || a.Kind == ActionEmail, f+".delay_seconds", "only an email can be delayed")
	v.Check(a.DueInDays >= 0 && a.DueInDays <= MaxDueInDays, f+".due_in_days", "must be from 0 to %d", MaxDueInDays)
	v.Check(a.Revenue >= 0 && a.Revenue <= MaxRevenue, f+".revenue", "must be from 0 to %.2f", MaxRevenue)
	v.Check(a.Points >= -MaxPoints && a.Points <= MaxPoints, f+".points", "must be from %d to %d", -MaxPoints, MaxPoints)
	v.MaxLen(f+".subject", a.Subject, MaxSubject)
	v.Template(f+".subject", a.Subject, CampaignScope)
	v.Template(f+".body", a.Body, CampaignScope)
	if a.Kind == ActionSMS {
		v.MaxLen(f+".body", a.Body, MaxSMS)
	} else {
		v.MaxBytes(f+".body", a.Body, MaxBody)
	}
	v.MaxLen(f+".coverage_role", a.CoverageRole, MaxName)
	v.Check(a.DocumentID == "" || IsUUID(a.DocumentID), f+".document_id", "must be a document id")
	v.Check(a.PlanTemplateID == "" || IsUUID(a.PlanTemplateID), f+".plan_template_id", "must be an activity plan template id")
	v.MaxItems(f+".attachments", len(a.Attachments), MaxAttachments)
	for k, id := range a.Attachments {
		v.Check(IsUUID(id), fmt.Sprintf("%s.attachments[%d]", f, k), "must be a document id")
	}
	v.Check(a.Format == "" || a.Kind == ActionPrint, f+".format", "only a print action has a format")
	switch a.Kind {
	case ActionEmail:
		v.Check(a.DocumentID != "" || strings.TrimSpace(a.Subject) != "", f+".subject", "an email needs a subject or a template document")
	case ActionPrint:
		v.Check(a.DocumentID != "", f+".document_id", "a print action needs a document")
		v.Check(validPrintFormat(a.Format), f+".format", "must be pdf or docx")
	case ActionSMS:
		v.Check(strings.TrimSpace(a.Body) != "", f+".body", "a text message needs a body")
	case ActionPoints:
		v.Check(a.Points != 0, f+".points", "a points action needs a non-zero number of points")
	case ActionActivityPlan:
		v.Check(a.PlanTemplateID != "", f+".plan_template_id", "an activity plan action needs a plan template")
	}
}

// Limits of a workflow definition.
const (
	// MaxStatuses bounds the statuses of a workflow.
	MaxStatuses = 100
	// MaxStatusActions bounds the actions of one status.
	MaxStatusActions = 50
	// MaxAttachments bounds the documents attached to one email.
	MaxAttachments = 10
)

// DefaultTemplateName is the workflow template every new campaign copies.
const DefaultTemplateName = "Default campaign workflow"

// DefaultWorkflow is the "Default campaign workflow" of seed 000.
func DefaultWorkflow() WorkflowDef {
	return WorkflowDef{
		Template:        DefaultTemplateName,
		TemplateVersion: 1,
		Statuses: []ParticipantStatus{
			{Name: StatusTargeted, Next: []string{StatusContacted}},
			{Name: StatusContacted, Next: []string{"Responded", "Not responded", "Don't contact me"},
				Actions: []Action{{Kind: ActionEmail, Subject: "{{campaignName}}",
					Body: "Dear {{nameFirst}} {{nameLast}},\n\nWe would like to tell you about {{campaignName}}.\n"}}},
			{Name: "Responded", Next: []string{"Interested", "Not interested", "Don't contact me"}},
			{Name: "Not responded", Next: []string{"Responded", "Don't contact me"}},
			{Name: "Interested", Next: []string{"Don't contact me"},
				Actions: []Action{{Kind: ActionOpportunity, Subject: "{{campaignName}}: {{nameFirst}} {{nameLast}}"}}},
			{Name: "Not interested", Next: []string{"Don't contact me"}},
			{Name: "Don't contact me"},
		},
	}
}
