package domain

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzWorkflowDefinition validates any JSON list of statuses the way the
// API does (normalize, then validate). A definition that passes must be
// usable: each status is found under its own name, each next status
// resolves and the move to it is allowed. Seeds (with the regressions it
// found): testdata/fuzz/FuzzWorkflowDefinition.
func FuzzWorkflowDefinition(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw []byte) {
		var in []ParticipantStatus
		if json.Unmarshal(raw, &in) != nil {
			return
		}
		d := WorkflowDef{Statuses: NormalizeStatuses(in)}
		err := d.Validate()
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) == 0 {
				t.Fatalf("a refusal must name its fields: %v", err)
			}
			return
		}
		for _, s := range d.Statuses {
			found, ok := d.Status(s.Name)
			if !ok || found.Name != s.Name {
				t.Fatalf("status %q is found as %q (%v)", s.Name, found.Name, ok)
			}
			if d.IsFinal(s.Name) != (len(s.Next) == 0) {
				t.Fatalf("status %q: final %v with next %q", s.Name, d.IsFinal(s.Name), s.Next)
			}
			for _, n := range s.Next {
				if err := d.CanMove(s.Name, n); err != nil {
					t.Fatalf("a valid definition lists %q after %q but refuses the move: %v", n, s.Name, err)
				}
			}
		}
		b, err := json.Marshal(d.Statuses)
		if err != nil {
			t.Fatal(err)
		}
		var back []ParticipantStatus
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if err := (WorkflowDef{Statuses: NormalizeStatuses(back)}).Validate(); err != nil {
			t.Fatalf("a valid definition is refused once stored and read back: %v", err)
		}
	})
}
