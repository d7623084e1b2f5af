package domain

import (
	"sort"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// PhoneUnspecified is the phone country that keeps a number as entered.
const PhoneUnspecified = "Unspecified"

type countryError struct{ msg string }

func (e countryError) Error() string { return e.msg }

// NormalizePhone validates a phone number for its country (an ISO 3166
// region code such as "US" or "GB") and returns it in E.164 with the
// upper-cased country. A country of "" or "Unspecified" keeps the number as
// entered and returns country "".
func NormalizePhone(number, country string) (string, string, error) {
	number = strings.TrimSpace(number)
	country = strings.ToUpper(strings.TrimSpace(country))
	if country == "" || country == strings.ToUpper(PhoneUnspecified) {
		if len(number) > MaxPhone {
			return "", "", errorString("must be at most " + strconv.Itoa(MaxPhone) + " characters")
		}
		return number, "", nil
	}
	if phonenumbers.GetCountryCodeForRegion(country) == 0 {
		return "", "", countryError{"is not a known country code (use e.g. US, GB or Unspecified)"}
	}
	if number == "" {
		return "", country, nil
	}
	num, err := phonenumbers.Parse(number, country)
	if err != nil || !phonenumbers.IsValidNumberForRegion(num, country) {
		return "", "", errorString("is not a valid phone number for " + country + " (or choose the country Unspecified)")
	}
	return phonenumbers.Format(num, phonenumbers.E164), country, nil
}

// PhoneCountryName is a stored phone country as users read and write it:
// "Unspecified" for a number kept as entered.
func PhoneCountryName(country string) string {
	if country == "" {
		return PhoneUnspecified
	}
	return country
}

// PhoneDisplay shows a stored phone as "+<country> <national destination
// code> <subscriber>", or as entered when its country is Unspecified.
func PhoneDisplay(stored, country string) string {
	if country == "" || stored == "" {
		return stored
	}
	num, err := phonenumbers.Parse(stored, country)
	if err != nil {
		return stored
	}
	nsn := phonenumbers.GetNationalSignificantNumber(num)
	cc := "+" + strconv.Itoa(int(num.GetCountryCode()))
	ndc := phonenumbers.GetLengthOfNationalDestinationCode(num)
	if ndc <= 0 || ndc >= len(nsn) {
		return cc + " " + nsn
	}
	return cc + " " + nsn[:ndc] + " " + nsn[ndc:]
}

type errorString string

func (e errorString) Error() string { return string(e) }

// PhoneCountry is a country a phone number can be validated for.
type PhoneCountry struct {
	Code        string // ISO 3166 region code, "US"
	CallingCode int    // 1
}

// PhoneCountries are the countries NormalizePhone validates numbers for,
// by region code.
func PhoneCountries() []PhoneCountry {
	var out []PhoneCountry
	for code := range phonenumbers.GetSupportedRegions() {
		out = append(out, PhoneCountry{Code: code, CallingCode: phonenumbers.GetCountryCodeForRegion(code)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}
