package web_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/web/webtest"
)

// TestAdminPagesNarrow: at 390 px (a phone) no page of the Administration
// workspace scrolls sideways, with long names and a token just issued.
func TestAdminPagesNarrow(t *testing.T) {
	srv := webtest.Start(t, webtest.Options{})
	adm := srv.User(t, "Ada Administrator With A Rather Long Name", password, domain.PrivAdmin)
	ctx := t.Context()
	long := "Partner" + strings.Repeat("Outreach", 10)
	ruleID := uuid.NewString()
	require.NoError(t, srv.Store.SaveScoringRule(ctx, domain.ScoringRule{ID: ruleID, Field: "source", Operator: domain.ScoreContains,
		Value: long, Points: 5}, true))
	planID := uuid.NewString()
	require.NoError(t, srv.Store.CreatePlanTemplate(ctx, domain.PlanTemplate{ID: planID, Name: long, Active: true,
		Steps: []domain.PlanStep{{Kind: "call", Subject: long, DueInDays: 3}}}))
	require.NoError(t, srv.Store.CreateFilter(ctx, domain.PredefinedFilter{ID: uuid.NewString(), Name: long,
		Conditions: []domain.FilterCondition{{Field: "email", Op: "contains", Value: long}}}))
	_, err := srv.Store.IssueToken(ctx, adm.ID, domain.TokenInput{Label: long})
	require.NoError(t, err)

	b := openSignedIn(t, srv, adm.Email)
	b.Open("/admin/workflow-templates/" + domain.DefaultTemplateID)
	b.Screenshot("template-1280")
	b.Width(390)
	for _, path := range []string{"/admin/workflow-templates", "/admin/workflow-templates/new", "/admin/workflow-templates/" + domain.DefaultTemplateID,
		"/admin/lead-scoring", "/admin/lead-scoring?add=1", "/admin/lead-scoring?edit=" + ruleID,
		"/admin/activity-plans", "/admin/activity-plans/new", "/admin/activity-plans/" + planID,
		"/admin/filters", "/admin/filters?add=1", "/admin/users", "/admin/users?add=1", "/admin/users/" + adm.ID} {
		assert.EqualValues(t, 200, b.Open(path), path)
		assert.Equal(t, 390, webtest.Eval[int](b, `window.innerWidth`), path)
		assert.LessOrEqual(t, webtest.Eval[int](b, `document.documentElement.scrollWidth`), 390, "%s scrolls sideways", path)
	}
	b.Fill(fields("label", long))
	assert.EqualValues(t, 201, b.Click("#issue-token"))
	assert.NotEmpty(t, b.Text("#token-secret"))
	assert.LessOrEqual(t, webtest.Eval[int](b, `document.documentElement.scrollWidth`), 390, "the issued token")
	b.Screenshot("user-390")
	b.Open("/admin/workflow-templates/" + domain.DefaultTemplateID)
	b.Screenshot("template-390")
}
