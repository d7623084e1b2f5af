package domain

import "testing"

func TestNormalizePhone(t *testing.T) {
	cases := []struct {
		number, country, want, wantCountry, display string
		bad                                         bool
	}{
		{"(416) 123-4567", "CA", "", "", "", true},
		{"(416) 979-2000", "CA", "+14169792000", "CA", "+1 416 9792000", false},
		{"020 7946 0958", "gb", "+442079460958", "GB", "+44 20 79460958", false},
		{"030 901820", "DE", "+4930901820", "DE", "+49 30 901820", false},
		{"12345", "US", "", "", "", true},
		{"ext. 12 - old", "Unspecified", "ext. 12 - old", "", "ext. 12 - old", false},
		{"555 1234", "", "555 1234", "", "555 1234", false},
		{"555 1234", "XX", "", "", "", true},
	}
	for _, c := range cases {
		got, country, err := NormalizePhone(c.number, c.country)
		if c.bad {
			if err == nil {
				t.Errorf("%q/%q: accepted as %q", c.number, c.country, got)
			}
			continue
		}
		if err != nil || got != c.want || country != c.wantCountry {
			t.Errorf("%q/%q: got %q %q %v, want %q %q", c.number, c.country, got, country, err, c.want, c.wantCountry)
			continue
		}
		if d := PhoneDisplay(got, country); d != c.display {
			t.Errorf("display of %q: got %q, want %q", got, d, c.display)
		}
	}
}
