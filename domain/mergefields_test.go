package domain

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMergeAliases: emails, letters and Word templates take the same fields
// by name, by snake_case alias or in another case; unknown ones stay.
func TestMergeAliases(t *testing.T) {
	v := MergeValues(Contact{FirstName: "Ada", LastName: "Lovelace"}, "Spring")
	assert.Equal(t, "Ada Lovelace / Ada / Spring / {{shoe_size}}", Merge("{{first_name}} {{ last_name }} / {{NAMEFIRST}} / {{campaign_name}} / {{shoe_size}}", v))
	for alias, want := range map[string]string{"first_name": "nameFirst", "Email": "emailAddress", "postal_code": "addressZip", "company": "company"} {
		got, ok := MergeField(alias)
		assert.True(t, ok, alias)
		assert.Equal(t, want, got, alias)
	}
	_, ok := MergeField("shoe_size")
	assert.False(t, ok)
	_, ok = MergeValue(v, "company")
	assert.False(t, ok, "a lead field has no value for a contact")
	assert.Contains(t, MergeFieldNames(), "salesConcept")
	assert.Contains(t, MergeFieldNames(), "campaignName")
	assert.NotContains(t, MergeFieldNames(), "first_name", "aliases are not listed as fields")
}
