package domain

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A plan template patch checks only the fields it carries, with the rules
// of a new template; an empty patch is refused.
func TestPlanTemplatePatchValidate(t *testing.T) {
	name, blank, on := "  Onboarding  ", " ", true
	steps := []PlanStep{{Kind: "call", Subject: " Intro call ", DueInDays: 2}}
	p := PlanTemplatePatch{Name: &name, Steps: &steps}
	p.Normalize()
	require.NoError(t, p.Validate())
	assert.Equal(t, "Onboarding", *p.Name)
	assert.Equal(t, "Intro call", (*p.Steps)[0].Subject)
	assert.NoError(t, PlanTemplatePatch{Active: &on}.Validate(), "activating alone needs neither name nor steps")

	assert.Equal(t, []string{"body"}, fieldsOf(t, PlanTemplatePatch{}.Validate()))
	assert.Equal(t, []string{"name"}, fieldsOf(t, PlanTemplatePatch{Name: &blank}.Validate()))
	none := []PlanStep{}
	assert.Equal(t, []string{"steps"}, fieldsOf(t, PlanTemplatePatch{Steps: &none}.Validate()))
	bad := []PlanStep{{Kind: "party", Subject: ""}, {Kind: "task", Subject: "ok", DueInDays: MaxDueInDays + 1}}
	assert.Equal(t, []string{"steps[0].kind", "steps[0].subject", "steps[1].due_in_days"}, fieldsOf(t, PlanTemplatePatch{Steps: &bad}.Validate()))
}

// The default workflow template is never deleted; any other may be.
func TestCanDeleteTemplate(t *testing.T) {
	var ce *ConflictError
	require.ErrorAs(t, CanDeleteTemplate(DefaultTemplateID), &ce)
	assert.Contains(t, ce.Reason, "cannot be deleted")
	assert.NoError(t, CanDeleteTemplate("0b8f7e8c-6a55-4c1e-9d65-5f3b7c1c2d11"))
}
