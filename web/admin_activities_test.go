package web_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// TestActivityPlansPage: a plan template with a refused step shows the
// error beside it; corrected it is saved, then edited (a step added, one
// emptied and so dropped), deactivated and activated again from the list.
func TestActivityPlansPage(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	adm := srv.User(t, "Ada Admin", password, domain.PrivAdmin)
	b := openSignedIn(t, srv, adm.Email)
	b.Open("/admin/activity-plans")
	assert.EqualValues(t, 200, b.Click("#add-plan"))
	b.Fill(fields("name", "Onboarding", "step.0.kind", "call", "step.0.subject", " ", "step.1.kind", "meeting",
		"step.1.subject", "Review", "step.1.due_in_days", "7"))
	assert.EqualValues(t, 422, b.Click("#save-plan"))
	assert.Equal(t, "Is required.", errorBeside(b, "step.0.subject"))
	assert.Empty(t, errorBeside(b, "step.1.subject"))
	b.Fill(fields("step.0.subject", "Intro call", "step.0.due_in_days", "1"))
	assert.EqualValues(t, 200, b.Click("#save-plan"))
	assert.Equal(t, "Activity plan “Onboarding” saved.", b.Text(".flash"))
	id := strings.TrimPrefix(b.Path(), "/admin/activity-plans/")
	plan, err := srv.Store.GetPlanTemplate(t.Context(), id)
	require.NoError(t, err)
	assert.True(t, plan.Active)
	assert.Equal(t, []domain.PlanStep{{Kind: "call", Subject: "Intro call", DueInDays: 1}, {Kind: "meeting", Subject: "Review", DueInDays: 7}}, plan.Steps)

	// Edit: rename, empty the first step, add one.
	assert.EqualValues(t, 200, b.Click("#add-step"))
	b.Fill(fields("name", "Welcome plan", "step.0.kind", "", "step.0.subject", "", "step.0.due_in_days", "",
		"step.3.kind", "task", "step.3.subject", "Send pack"))
	assert.EqualValues(t, 200, b.Click("#save-plan"))
	plan, err = srv.Store.GetPlanTemplate(t.Context(), id)
	require.NoError(t, err)
	assert.Equal(t, "Welcome plan", plan.Name)
	assert.Equal(t, []domain.PlanStep{{Kind: "meeting", Subject: "Review", DueInDays: 7}, {Kind: "task", Subject: "Send pack"}}, plan.Steps)

	b.Open("/admin/activity-plans")
	assert.Equal(t, []string{"Active"}, b.Texts("#plans .plan-state"))
	assert.EqualValues(t, 200, b.Click("#plans .toggle-plan"))
	assert.Equal(t, "Activity plan “Welcome plan” deactivated: it creates no new plans.", b.Text(".flash"))
	assert.Equal(t, []string{"Inactive"}, b.Texts("#plans .plan-state"))
	plan, err = srv.Store.GetPlanTemplate(t.Context(), id)
	require.NoError(t, err)
	assert.False(t, plan.Active)
	assert.Equal(t, "Welcome plan", plan.Name, "deactivating keeps the rest")
	assert.EqualValues(t, 200, b.Click("#plans .toggle-plan"))
	assert.Equal(t, []string{"Active"}, b.Texts("#plans .plan-state"))
}

// TestPredefinedFiltersPage: a filter with a condition on no field is
// refused beside that condition; corrected, it is listed and stored with
// its conditions (the empty rows dropped).
func TestPredefinedFiltersPage(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	adm := srv.User(t, "Ada Admin", password, domain.PrivAdmin)
	b := openSignedIn(t, srv, adm.Email)
	b.Open("/admin/filters")
	assert.Equal(t, []string{"No predefined filters yet."}, b.Texts("#filters tbody tr"))
	b.Do(clickNoNav("#add-filter"))
	b.Fill(fields("name", "Smiths at example", "cond.0.field", "last_name", "cond.0.op", "eq", "cond.0.value", "Smith",
		"cond.1.value", "example.com"))
	assert.EqualValues(t, 422, b.Click("#save-filter"))
	assert.Equal(t, "Must be one of first_name, last_name, email, phone, status.", errorBeside(b, "cond.1.field"))
	assert.True(t, webtest.Eval[bool](b, `document.querySelector("#filter-dialog").open`))
	assert.EqualValues(t, 200, b.Click("#add-condition"), "Add condition posts the dialog back with one more row")
	assert.Equal(t, "Smith", valueOf(b, "cond.0.value"))
	b.Fill(fields("cond.1.field", "email", "cond.1.op", "contains", "cond.3.field", "status", "cond.3.value", "Active"))
	assert.EqualValues(t, 200, b.Click("#save-filter"))
	assert.Equal(t, "Predefined filter “Smiths at example” added.", b.Text(".flash"))
	assert.Equal(t, []string{`last_name eq “Smith” and email contains “example.com” and status eq “Active”`}, b.Texts("#filters td[data-label=Conditions]"))
	fs, err := srv.Store.ListFilters(t.Context())
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, []domain.FilterCondition{{Field: "last_name", Op: "eq", Value: "Smith"}, {Field: "email", Op: "contains", Value: "example.com"},
		{Field: "status", Op: "eq", Value: "Active"}}, fs[0].Conditions)

	b.Do(clickNoNav("#add-filter"))
	b.Fill(fields("name", "Smiths at example", "cond.0.field", "email", "cond.0.value", "x"))
	assert.EqualValues(t, 409, b.Click("#save-filter"))
	assert.Equal(t, "A predefined filter named Smiths at example exists.", b.Text("#form-error"))
}
