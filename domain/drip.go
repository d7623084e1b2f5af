package domain

import (
	"fmt"
	"strings"
	"time"
)

// DripActionKind names what a drip step does.
type DripActionKind string

// The actions a drip step can run (seed 002).
const (
	DripEmail DripActionKind = "email"
	DripTask  DripActionKind = "task"
	DripSMS   DripActionKind = "sms"
)

// Limits of a drip campaign definition.
const (
	MaxDripSteps      = 100
	maxDripOffsetDays = 3650
)

// DripStep is one step of a drip campaign: what to do, and how long after the
// previous step (or after the start, for the first step) to do it.
type DripStep struct {
	Name        string         `json:"name"`
	OffsetDays  int            `json:"offset_days"`
	OffsetHours int            `json:"offset_hours"`
	Action      DripActionKind `json:"action"`
	// Subject is the email subject or the task subject (merge tokens allowed).
	Subject string `json:"subject,omitempty"`
	// Body is the email or SMS text (merge tokens allowed).
	Body string `json:"body,omitempty"`
	// DueInDays sets a task's due date relative to the step's run.
	DueInDays int `json:"due_in_days,omitempty"`
}

// Offset is the step's delay after the previous step.
func (s DripStep) Offset() time.Duration {
	return time.Duration(s.OffsetDays)*24*time.Hour + time.Duration(s.OffsetHours)*time.Hour
}

// DripSchedule returns each step's due time: the offsets add up from the
// start, so skipping a step never moves the ones after it.
func DripSchedule(start time.Time, steps []DripStep) []time.Time {
	out := make([]time.Time, len(steps))
	at := start
	for i, s := range steps {
		at = at.Add(s.Offset())
		out[i] = at
	}
	return out
}

// DripTrigger is a drip campaign's trigger criteria on contact fields. Every
// criterion that is set must hold; a trigger with none set is refused.
type DripTrigger struct {
	// PartnerType matches the contact's partner type (case-insensitive).
	PartnerType string `json:"partner_type,omitempty"`
	// Tag matches when the contact carries this tag (case-insensitive).
	Tag string `json:"tag,omitempty"`
	// Status matches the contact's status (case-insensitive).
	Status string `json:"status,omitempty"`
}

// Empty reports whether no criterion is set.
func (t DripTrigger) Empty() bool { return t.PartnerType == "" && t.Tag == "" && t.Status == "" }

// Matches reports whether a contact meets every criterion of the trigger.
func (t DripTrigger) Matches(c ContactProfile) bool {
	if t.Empty() {
		return false
	}
	if t.PartnerType != "" && !strings.EqualFold(t.PartnerType, c.PartnerType) {
		return false
	}
	if t.Status != "" && !strings.EqualFold(t.Status, c.Status) {
		return false
	}
	if t.Tag != "" && !hasFold(c.Tags, t.Tag) {
		return false
	}
	return true
}

func hasFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// DripCampaign is a drip campaign definition.
type DripCampaign struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Active      bool         `json:"active"`
	Steps       []DripStep   `json:"steps"`
	Trigger     *DripTrigger `json:"trigger,omitempty"`
	Sender      Sender       `json:"sender"`
	SendWindow  *SendWindow  `json:"send_window"`
	OverCap     string       `json:"over_cap"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// DripCampaignInput is what a user may set on a drip campaign.
type DripCampaignInput struct {
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Active      *bool        `json:"active"`
	Steps       []DripStep   `json:"steps"`
	Trigger     *DripTrigger `json:"trigger"`
	// Sender is who its emails come from (left out: MAIL_FROM).
	Sender Sender `json:"sender"`
	// SendWindow is when its emails may reach a contact, on the contact's
	// clock (left out: any time).
	SendWindow *SendWindow `json:"send_window"`
	// OverCap is what becomes of an email past the frequency cap: "defer"
	// (the default) or "skip".
	OverCap string `json:"over_cap"`
}

// Normalize trims the input and fills defaults.
func (in *DripCampaignInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	if in.Active == nil {
		active := true
		in.Active = &active
	}
	for i := range in.Steps {
		s := &in.Steps[i]
		s.Name = strings.TrimSpace(s.Name)
		s.Action = DripActionKind(strings.ToLower(strings.TrimSpace(string(s.Action))))
	}
	if in.Trigger != nil {
		t := in.Trigger
		t.PartnerType, t.Tag, t.Status = strings.TrimSpace(t.PartnerType), strings.TrimSpace(t.Tag), strings.TrimSpace(t.Status)
		if t.Empty() {
			in.Trigger = nil
		}
	}
	in.Sender.Normalize()
	in.SendWindow.Normalize()
	in.OverCap = NormalizeOverCap(in.OverCap)
}

// Validate checks the input's own fields.
func (in DripCampaignInput) Validate() error {
	var v Validator
	v.Check(in.Name != "", "name", "is required")
	v.MaxLen("name", in.Name, MaxName)
	v.MaxLen("description", in.Description, MaxDescription)
	if t := in.Trigger; t != nil {
		v.MaxLen("trigger.partner_type", t.PartnerType, MaxLabel)
		v.MaxLen("trigger.tag", t.Tag, MaxLabel)
		v.MaxLen("trigger.status", t.Status, MaxLabel)
	}
	v.Check(len(in.Steps) > 0, "steps", "list at least one step")
	v.Check(len(in.Steps) <= MaxDripSteps, "steps", "at most %d steps", MaxDripSteps)
	for i, s := range in.Steps {
		f := fmt.Sprintf("steps[%d]", i)
		v.Check(s.Name != "", f+".name", "is required")
		v.MaxLen(f+".name", s.Name, MaxName)
		v.MaxLen(f+".subject", s.Subject, MaxSubject)
		v.MaxBytes(f+".body", s.Body, MaxBody)
		v.Template(f+".subject", s.Subject, DripScope)
		v.Template(f+".body", s.Body, DripScope)
		v.Check(s.OffsetDays >= 0 && s.OffsetDays <= maxDripOffsetDays, f+".offset_days", "must be from 0 to %d", maxDripOffsetDays)
		v.Check(s.OffsetHours >= 0 && s.OffsetHours < 24*maxDripOffsetDays, f+".offset_hours", "must be from 0 to %d", 24*maxDripOffsetDays-1)
		v.Check(s.DueInDays >= 0 && s.DueInDays <= MaxDueInDays, f+".due_in_days", "must be from 0 to %d", MaxDueInDays)
		switch s.Action {
		case DripEmail:
			v.Check(strings.TrimSpace(s.Subject) != "", f+".subject", "an email needs a subject")
			v.Check(strings.TrimSpace(s.Body) != "", f+".body", "an email needs a body")
		case DripTask:
			v.Check(strings.TrimSpace(s.Subject) != "", f+".subject", "a task needs a subject")
		case DripSMS:
			v.Check(strings.TrimSpace(s.Body) != "", f+".body", "an SMS needs a body")
			v.MaxLen(f+".body", s.Body, MaxSMS)
		default:
			v.Add(f+".action", "must be one of email, task, sms")
		}
	}
	in.Sender.Check(&v)
	in.SendWindow.Check(&v, "send_window")
	CheckOverCap(&v, in.OverCap)
	return v.Err()
}

// DripStatus is the status of one contact's enrollment in a drip campaign.
type DripStatus string

// Enrollment statuses (seed 002).
const (
	DripScheduled DripStatus = "scheduled"
	DripActive    DripStatus = "active"
	DripPaused    DripStatus = "paused"
	DripFinished  DripStatus = "finished"
	DripRemoved   DripStatus = "removed"
)

// dripMoves lists, for each status, the statuses it may move to.
var dripMoves = map[DripStatus][]DripStatus{
	DripScheduled: {DripActive, DripPaused, DripRemoved},
	DripActive:    {DripPaused, DripFinished, DripRemoved},
	DripPaused:    {DripActive, DripScheduled, DripRemoved},
	DripFinished:  {DripRemoved},
	DripRemoved:   nil,
}

var dripRefusals = map[[2]DripStatus]string{
	{DripPaused, DripPaused}:     "the enrollment is already paused",
	{DripFinished, DripPaused}:   "a finished enrollment has nothing left to pause",
	{DripRemoved, DripPaused}:    "a removed enrollment cannot be paused; start it again instead",
	{DripRemoved, DripRemoved}:   "the enrollment is already removed",
	{DripRemoved, DripActive}:    "a removed enrollment cannot run; start it again instead",
	{DripActive, DripActive}:     "the enrollment is already running",
	{DripScheduled, DripActive}:  "the enrollment is scheduled and will run at its start date",
	{DripFinished, DripActive}:   "the enrollment has finished",
	{DripFinished, DripFinished}: "the enrollment has already finished",
}

// Live reports whether an enrollment in this status is still running (so it
// cannot be started again and its trigger does not restart it).
func (s DripStatus) Live() bool { return s == DripScheduled || s == DripActive || s == DripPaused }

// CanMove returns nil when an enrollment may move from s to next, or a
// *TransitionError that says why not.
func (s DripStatus) CanMove(next DripStatus) error {
	for _, allowed := range dripMoves[s] {
		if allowed == next {
			return nil
		}
	}
	return &TransitionError{Entity: "drip enrollment", From: string(s), To: string(next), Reason: dripRefusals[[2]DripStatus{s, next}]}
}

// CanResume returns nil when a paused enrollment may run again. Run is for
// paused enrollments only: a scheduled one turns active by itself at its
// start date, so running it is refused with that reason.
func (s DripStatus) CanResume() error {
	if s == DripPaused {
		return nil
	}
	if s == DripScheduled {
		return &TransitionError{Entity: "drip enrollment", From: string(s), To: string(DripActive),
			Reason: dripRefusals[[2]DripStatus{s, DripActive}]}
	}
	return s.CanMove(DripActive)
}

// CanStart returns nil when an enrollment whose latest status is s (or ""
// when there never was one) may be started again, by hand or by a trigger.
func (s DripStatus) CanStart() error {
	switch s {
	case "", DripRemoved:
		return nil
	case DripFinished:
		return &ConflictError{Reason: "the drip campaign already ran for this contact; remove it first to start it over"}
	}
	return &ConflictError{Reason: fmt.Sprintf("the drip campaign is already %s for this contact", s)}
}

// StepStatus is the status of one step of an enrollment.
type StepStatus string

// Step statuses (seed 002).
const (
	StepPending StepStatus = "pending"
	StepDone    StepStatus = "done"
	StepSkipped StepStatus = "skipped"
)

// CanSkip returns nil when a step may be skipped: only a pending step can.
func (s StepStatus) CanSkip() error {
	if s == StepPending {
		return nil
	}
	return &TransitionError{Entity: "drip step", From: string(s), To: string(StepSkipped),
		Reason: "only a pending step can be skipped"}
}

// CanRunAgain returns nil when a step may run again: only a done step can.
func (s StepStatus) CanRunAgain() error {
	if s == StepDone {
		return nil
	}
	return &TransitionError{Entity: "drip step", From: string(s), To: string(StepDone),
		Reason: "only a done step can run again"}
}

// DripOrigin tells how an enrollment began.
type DripOrigin string

// Enrollment origins.
const (
	DripManual    DripOrigin = "manual"
	DripTriggered DripOrigin = "triggered"
)

// ParseStartDate reads a start date given as YYYY-MM-DD (midnight UTC) or an
// RFC 3339 timestamp; empty means now.
func ParseStartDate(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return now, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, &ValidationError{Fields: []FieldError{{Field: "start_date", Message: "must be a date (YYYY-MM-DD) or an RFC 3339 timestamp"}}}
}

// DripMergeValues are the merge tokens a drip step's email, task or SMS can use.
func DripMergeValues(c ContactProfile, campaignName string) map[string]string {
	v := MergeValues(c.Contact, campaignName)
	v["partnerType"] = c.PartnerType
	return v
}

// Enrolls reports whether the trigger enrolls a contact whose latest
// enrollment in the campaign has the given status ("" for none): the contact
// must meet the criteria, and a running, paused or finished enrollment is
// never restarted (a removed one is).
func (t DripTrigger) Enrolls(c ContactProfile, current DripStatus) bool {
	return t.Matches(c) && current.CanStart() == nil
}

// CanSkipStep returns nil when a step in status step of an enrollment in
// status enrollment may be skipped: only a pending step of an enrollment
// that was not removed.
func CanSkipStep(enrollment DripStatus, step StepStatus) error {
	if enrollment == DripRemoved {
		return removedStep(StepSkipped)
	}
	return step.CanSkip()
}

// CanRunStepAgain returns nil when a step in status step of an enrollment
// in status enrollment may run again: only a done step of an enrollment
// that was not removed.
func CanRunStepAgain(enrollment DripStatus, step StepStatus) error {
	if enrollment == DripRemoved {
		return removedStep(StepDone)
	}
	return step.CanRunAgain()
}

func removedStep(to StepStatus) error {
	return &TransitionError{Entity: "drip step", From: string(DripRemoved), To: string(to),
		Reason: "the enrollment was removed; start it again first"}
}
