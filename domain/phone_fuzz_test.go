package domain

import (
	"strings"
	"testing"
)

// FuzzNormalizePhone validates any number for any country, as contact and
// lead input and the lead import do. Seeds: testdata/fuzz/FuzzNormalizePhone.
func FuzzNormalizePhone(f *testing.F) {
	f.Fuzz(func(t *testing.T, number, country string) {
		got, gotCountry, err := NormalizePhone(number, country)
		_ = ImportMatchPhone(map[string]string{"phone": number, "phone_country": country})
		_ = PhoneDisplay(number, country)
		if err != nil {
			return
		}
		if gotCountry == "" {
			if got != strings.TrimSpace(number) {
				t.Fatalf("a number of no country is kept as entered: %q -> %q", number, got)
			}
			return
		}
		if number = strings.TrimSpace(number); number == "" {
			if got != "" {
				t.Fatalf("an empty number became %q", got)
			}
			return
		}
		if !strings.HasPrefix(got, "+") || strings.Trim(got[1:], "0123456789") != "" {
			t.Fatalf("%q (%s) normalized to %q, not E.164", number, country, got)
		}
		again, againCountry, err := NormalizePhone(got, gotCountry)
		if err != nil || again != got || againCountry != gotCountry {
			t.Fatalf("a stored number must validate again: %q (%s) -> %q -> %q, %v", number, country, got, again, err)
		}
		display := PhoneDisplay(got, gotCountry)
		if digits(display) != digits(got) {
			t.Fatalf("display %q of %q shows other digits", display, got)
		}
	})
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
