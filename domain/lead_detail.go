package domain

import (
	"strings"
	"time"
)

// LeadActivity is a task, call, meeting or other activity about a lead.
type LeadActivity struct {
	ID        string     `json:"id"`
	LeadID    int64      `json:"lead_id"`
	Kind      string     `json:"kind"`
	Subject   string     `json:"subject"`
	Details   string     `json:"details"`
	DueAt     *time.Time `json:"due_at"`
	Done      bool       `json:"done"`
	CreatedBy string     `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// LeadActivityKinds are the kinds of lead activity.
var LeadActivityKinds = []string{"task", "call", "meeting", "email", "other"}

// Validate checks an activity before it is stored.
func (a LeadActivity) Validate() error {
	var v Validator
	known := false
	for _, k := range LeadActivityKinds {
		known = known || k == a.Kind
	}
	v.Check(known, "kind", "must be one of %s", strings.Join(LeadActivityKinds, ", "))
	v.Check(strings.TrimSpace(a.Subject) != "", "subject", "is required")
	v.MaxLen("subject", a.Subject, MaxSubject)
	v.MaxLen("details", a.Details, MaxNote)
	return v.Err()
}

// LeadNote is a note on a lead.
type LeadNote struct {
	ID        string    `json:"id"`
	LeadID    int64     `json:"lead_id"`
	Text      string    `json:"text"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks a note before it is stored.
func (n LeadNote) Validate() error {
	var v Validator
	v.Check(strings.TrimSpace(n.Text) != "", "text", "is required")
	v.MaxLen("text", n.Text, MaxNote)
	return v.Err()
}

// ActivityFields are an activity's audited fields.
func ActivityFields(a LeadActivity) map[string]any {
	return map[string]any{"id": a.ID, "kind": a.Kind, "subject": a.Subject, "details": a.Details, "due_at": a.DueAt, "done": a.Done}
}

// NoteFields are a note's audited fields.
func NoteFields(n LeadNote) map[string]any {
	return map[string]any{"id": n.ID, "text": n.Text}
}

// ChangedFields keeps only the keys whose values differ between two field sets.
func ChangedFields(before, after map[string]any) (map[string]any, map[string]any) {
	b, a := toMap(before), toMap(after)
	bo, ao := map[string]any{}, map[string]any{}
	for k, av := range a {
		if bv := b[k]; !jsonEqual(bv, av) || k == "id" {
			bo[k], ao[k] = bv, av
		}
	}
	return bo, ao
}

func jsonEqual(a, b any) bool {
	return toMapString(a) == toMapString(b)
}
