package domain

import (
	"sort"
	"strings"
	"sync"
)

// mergeAliases are the snake_case spellings people type in Word templates
// and emails for the merge fields ({{first_name}} for {{nameFirst}}).
var mergeAliases = map[string]string{
	"first_name": "nameFirst", "last_name": "nameLast", "email": "emailAddress", "email_address": "emailAddress",
	"phone": "phoneBusiness", "phone_business": "phoneBusiness", "campaign": "campaignName", "campaign_name": "campaignName",
	"market_segment": "marketSegment", "sales_concept": "salesConcept", "source_type": "sourceType",
	"city": "addressCity", "address_city": "addressCity", "state": "addressState", "address_state": "addressState",
	"country": "addressCountry", "address_country": "addressCountry", "zip": "addressZip", "address_zip": "addressZip",
	"postal_code": "addressZip", "partner_type": "partnerType",
}

// mergeNames maps the lower-case form of every field name and alias to the
// field's name: the fields of contacts (MergeValues, DripMergeValues) and
// of leads (LeadMergeValues), one list for emails, printed letters and Word templates.
var mergeNames = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	for _, values := range []map[string]string{MergeValues(Contact{}, ""), DripMergeValues(ContactProfile{}, ""), LeadMergeValues(Lead{})} {
		for name := range values {
			out[strings.ToLower(name)] = name
		}
	}
	for alias, name := range mergeAliases {
		out[alias] = name
	}
	return out
})

// MergeField returns the field a merge field name stands for: the name
// itself, its snake_case alias or its spelling in another case. ok is false
// for a name no recipient has.
func MergeField(name string) (string, bool) {
	f, ok := mergeNames()[strings.ToLower(strings.TrimSpace(name))]
	return f, ok
}

// MergeFieldNames lists every merge field name, sorted.
func MergeFieldNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range mergeNames() {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// MergeValue looks a merge field up in a recipient's values by its name,
// alias or spelling in another case.
func MergeValue(values map[string]string, name string) (string, bool) {
	if v, ok := values[name]; ok {
		return v, true
	}
	f, ok := MergeField(name)
	if !ok {
		return "", false
	}
	v, ok := values[f]
	return v, ok
}
