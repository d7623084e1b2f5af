package domain

import "strings"

// NextStatuses lists the statuses a participant in status from may move to
// now, in a campaign in the given stage, in the order its definition names
// them: the choices a person is offered. The moves it lists are exactly
// those CanChangeParticipantStatus and CanMove accept, since it asks them.
// When there is none, the error says why (the campaign's stage, a
// participant not yet initiated, a final status), as a move would be refused.
func (d WorkflowDef) NextStatuses(stage Stage, from string) ([]string, error) {
	if err := CanChangeParticipantStatus(stage, from, ""); err != nil {
		return nil, err
	}
	if err := CheckNotFinal(d, from); err != nil {
		return nil, err
	}
	cur, ok := d.Status(from)
	if !ok {
		return nil, d.CanMove(from, "")
	}
	var out []string
	for _, n := range cur.Next {
		if d.CanMove(from, n) == nil {
			out = append(out, d.Canonical(n))
		}
	}
	if len(out) == 0 {
		return nil, &TransitionError{Entity: "participant", From: from, Reason: "no status may follow " + cur.Name}
	}
	return out, nil
}

// ContainsPattern is the LIKE pattern that finds s anywhere in a lower-cased
// text, its wildcards escaped: what a search box matches with.
func ContainsPattern(s string) string {
	return "%" + escapeLike(strings.ToLower(strings.TrimSpace(s))) + "%"
}
