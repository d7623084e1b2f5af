package domain

import (
	"testing"
)

func ptr(s string) *string { return &s }

func TestParticipantChangeValidate(t *testing.T) {
	cases := []struct {
		in ParticipantChange
		ok bool
	}{
		{ParticipantChange{Status: ptr("Responded")}, true},
		{ParticipantChange{OwnerID: ptr("0b3f4c5e-8f8e-4f43-9d2b-111111111111")}, true},
		{ParticipantChange{}, false},
		{ParticipantChange{Status: ptr(" ")}, false},
		{ParticipantChange{OwnerID: ptr("bob")}, false},
		{ParticipantChange{Status: ptr("Responded"), OwnerID: ptr("0b3f4c5e-8f8e-4f43-9d2b-111111111111")}, false},
	}
	for i, c := range cases {
		if err := c.in.Validate(); (err == nil) != c.ok {
			t.Errorf("case %d: got %v, want ok=%v", i, err, c.ok)
		}
	}
}

func TestParticipantRulesFollowTheStage(t *testing.T) {
	def := DefaultWorkflow()
	if CanChangeParticipantStatus(StagePlanning, StatusTargeted, StatusContacted) == nil {
		t.Error("planning must refuse status changes")
	}
	if CanChangeParticipantStatus(StageInProgress, StatusTargeted, StatusContacted) == nil {
		t.Error("an uninitiated participant must not change status")
	}
	if err := CanChangeParticipantStatus(StageInProgress, StatusContacted, "Responded"); err != nil {
		t.Error(err)
	}
	for _, s := range []Stage{StageCompleted, StageCancelled} {
		if CanChangeParticipantStatus(s, StatusContacted, "Responded") == nil {
			t.Errorf("%s must refuse status changes", s)
		}
	}
	if CanChangeOwner(StageCancelled, def, StatusContacted) == nil {
		t.Error("a cancelled campaign's participants never change")
	}
	if CanChangeOwner(StageInProgress, def, "Don't contact me") == nil {
		t.Error("a final participant never changes")
	}
	if err := CanChangeOwner(StagePlanning, def, StatusTargeted); err != nil {
		t.Error(err)
	}
}

func TestFilterConditions(t *testing.T) {
	f := PredefinedFilter{Name: "x", Conditions: []FilterCondition{{Field: "last_name", Op: "contains", Value: "50%_off"}}}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	col, op, arg := f.Conditions[0].Column()
	if col != "last_name" || op != "LIKE" || arg != `%50\%\_off%` {
		t.Errorf("got %s %s %s", col, op, arg)
	}
	bad := PredefinedFilter{Name: "y", Conditions: []FilterCondition{{Field: "password; drop", Op: "eq"}, {Field: "email", Op: "regex"}}}
	err := bad.Validate()
	ve, ok := err.(*ValidationError)
	if !ok || len(ve.Fields) != 2 {
		t.Errorf("got %v", err)
	}
}
