package web

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every column the chooser offers (each column of the export but the
// name's) has a header, so none shows up blank.
func TestLeadColumnsHaveLabels(t *testing.T) {
	choices := leadColumnChoices(nil)
	assert.NotEmpty(t, choices)
	for _, ch := range choices {
		assert.NotEmpty(t, ch.Label, "column %s has no label", ch.Name)
	}
}
