package domain

import (
	"errors"
	"testing"
)

func TestLeadStatusRules(t *testing.T) {
	ok := [][2]LeadStatus{{LeadNew, LeadQualifying}, {LeadNew, LeadArchived}, {LeadQualifying, LeadArchived}, {LeadNew, LeadNew}}
	for _, c := range ok {
		if err := CheckLeadStatus(c[0], c[1]); err != nil {
			t.Errorf("%s -> %s refused: %v", c[0], c[1], err)
		}
	}
	refused := [][2]LeadStatus{{LeadNew, LeadQualified}, {LeadQualifying, LeadNew}, {LeadArchived, LeadNew},
		{LeadQualified, LeadArchived}, {LeadArchived, LeadArchived}, {LeadNew, "Lost"}}
	for _, c := range refused {
		var te *TransitionError
		if err := CheckLeadStatus(c[0], c[1]); !errors.As(err, &te) {
			t.Errorf("%s -> %s: want a TransitionError, got %v", c[0], c[1], err)
		}
	}
	if CheckOwnerChange(Lead{Status: LeadQualified}) == nil || CheckOwnerChange(Lead{Status: LeadQualifying}) != nil {
		t.Error("only a qualified or archived lead refuses a new owner")
	}
	if CheckConvert(Lead{Status: LeadArchived}) == nil || CheckConvert(Lead{Status: LeadNew}) != nil {
		t.Error("only New and Qualifying leads convert")
	}
}

func TestLeadChanges(t *testing.T) {
	a := Lead{ID: 1, FirstName: "Ann", Score: 3, OwnerID: "u1"}
	b := a
	b.FirstName, b.OwnerID = "Anna", "u2"
	before, after := LeadChanges(a, b)
	if len(before) != 2 || before["first_name"] != "Ann" || after["first_name"] != "Anna" || after["owner_id"] != "u2" {
		t.Fatalf("changes: %v -> %v", before, after)
	}
	if bb, aa := LeadChanges(a, a); len(bb) != 0 || len(aa) != 0 {
		t.Fatalf("no change expected, got %v -> %v", bb, aa)
	}
}

func TestImportInput(t *testing.T) {
	row := map[string]string{"first_name": "A", "last_name": "B", "sales_concept": "x", "source_type": "y", "email": "a@b.test",
		"consent_to_contact": "Yes"}
	in, err := ImportInput(row, false)
	if err != nil || in.ConsentToContact == nil || !*in.ConsentToContact {
		t.Fatalf("valid row: %+v %v", in, err)
	}
	row["consent_to_contact"] = "perhaps"
	row["last_name"] = ""
	_, err = ImportInput(row, false)
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 2 || ve.Fields[0].Field != "consent_to_contact" || ve.Fields[1].Field != "last_name" {
		t.Fatalf("want consent and last name errors, got %v", err)
	}
	if _, err := ImportInput(map[string]string{"first_name": "A", "last_name": "B", "sales_concept": "x", "source_type": "y",
		"email": "a@b.test", "consent_to_contact": "no"}, true); err == nil {
		t.Fatal("B2B mode needs a company")
	}
}
