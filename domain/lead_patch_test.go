package domain

import (
	"errors"
	"testing"
)

// An edit sets the lead's time zone when it names one (an unknown zone is
// refused on the field), and leaves it as it is when it does not.
func TestLeadPatchTimeZone(t *testing.T) {
	lead := func() Lead {
		return Lead{FirstName: "Ann", LastName: "Lee", Email: "ann@example.test", SalesConcept: "General", SourceType: "Web", Status: LeadNew, TimeZone: "Europe/Paris"}
	}
	str := func(s string) *string { return &s }

	l := lead()
	if err := (LeadPatch{TimeZone: str("America/Chicago")}).ApplyTo(&l, false); err != nil || l.TimeZone != "America/Chicago" {
		t.Fatalf("set: %v, zone %q", err, l.TimeZone)
	}
	l = lead()
	if err := (LeadPatch{Position: str("Buyer")}).ApplyTo(&l, false); err != nil || l.TimeZone != "Europe/Paris" {
		t.Fatalf("untouched: %v, zone %q", err, l.TimeZone)
	}
	l = lead()
	if err := (LeadPatch{TimeZone: str("")}).ApplyTo(&l, false); err != nil || l.TimeZone != "" {
		t.Fatalf("cleared: %v, zone %q", err, l.TimeZone)
	}
	l = lead()
	var ve *ValidationError
	err := (LeadPatch{TimeZone: str("Mars/Olympus_Mons")}).ApplyTo(&l, false)
	if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "time_zone" {
		t.Fatalf("unknown zone: %v", err)
	}
}
