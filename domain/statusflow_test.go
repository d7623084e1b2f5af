package domain

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultWorkflowFollowsTheSeed(t *testing.T) {
	d := DefaultWorkflow()
	require.NoError(t, d.Validate())
	allowed := [][2]string{
		{"Targeted", "Contacted"}, {"Contacted", "Responded"}, {"Contacted", "Not responded"},
		{"Contacted", "Don't contact me"}, {"Responded", "Interested"}, {"Responded", "Not interested"},
		{"responded", "interested"}, // names match case-insensitively
	}
	for _, m := range allowed {
		assert.NoError(t, d.CanMove(m[0], m[1]), "%s -> %s", m[0], m[1])
	}
	refused := []struct{ from, to, reason string }{
		{"Responded", "Contacted", "allowed next statuses are Interested, Not interested"},
		{"Responded", "Not responded", "allowed next statuses"},
		{"Don't contact me", "Contacted", "final status"},
		{"Contacted", "Targeted", "no participant returns to Targeted"},
		{"Contacted", "Promoted", "no such status"},
		{"Ghost", "Contacted", "not part of the campaign workflow"},
	}
	for _, r := range refused {
		err := d.CanMove(r.from, r.to)
		var te *TransitionError
		require.True(t, errors.As(err, &te), "%s -> %s", r.from, r.to)
		assert.Contains(t, te.Error(), r.reason)
	}
	assert.True(t, d.IsFinal("Don't contact me"))
	assert.False(t, d.IsFinal("Responded"))
	interested, _ := d.Status("Interested")
	require.Len(t, interested.Actions, 1)
	assert.Equal(t, ActionOpportunity, interested.Actions[0].Kind)
}

func TestWorkflowDefValidation(t *testing.T) {
	d := WorkflowDef{Statuses: []ParticipantStatus{
		{Name: "Targeted", Next: []string{"Contacted", "Nowhere"}},
		{Name: "targeted"},
		{Name: "Contacted", Actions: []Action{{Kind: "fax"}, {Kind: ActionEmail}, {Kind: ActionTask, DelaySeconds: 60},
			{Kind: ActionPrint}, {Kind: ActionActivityPlan}}},
	}}
	err := d.Validate()
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	assert.ElementsMatch(t, []string{
		"statuses[0].next[1]", "statuses[1].name", "statuses[2].actions[0].kind", "statuses[2].actions[1].subject",
		"statuses[2].actions[2].delay_seconds", "statuses[2].actions[3].document_id", "statuses[2].actions[4].plan_template_id",
	}, fields)
	assert.Error(t, WorkflowDef{Statuses: []ParticipantStatus{{Name: "Targeted"}}}.Validate(), "Contacted is required")

	// Found by FuzzWorkflowDefinition: a valid definition used to list moves
	// that are always refused, and statuses the lookup cannot tell apart.
	back := WorkflowDef{Statuses: []ParticipantStatus{{Name: "Targeted", Next: []string{"Contacted"}},
		{Name: "Contacted", Next: []string{"targeted"}}}}
	require.True(t, errors.As(back.Validate(), &ve))
	assert.Equal(t, []FieldError{{Field: "statuses[1].next[0]", Message: "no participant returns to Targeted"}}, ve.Fields)
	sigma := WorkflowDef{Statuses: []ParticipantStatus{{Name: "Targeted", Next: []string{"Contacted"}},
		{Name: "Contacted", Next: []string{"σ"}}, {Name: "σ"}, {Name: "ς"}}}
	require.True(t, errors.As(sigma.Validate(), &ve))
	assert.Equal(t, "statuses[3].name", ve.Fields[0].Field, "σ and ς are the same name to the lookup")
}

func TestMerge(t *testing.T) {
	v := map[string]string{"nameFirst": "Ada", "company": ""}
	assert.Equal(t, "Dear Ada, from  at {{unknownToken}}", Merge("Dear {{nameFirst}}, from {{ company }} at {{unknownToken}}", v))
	assert.Equal(t, "no tokens", Merge("no tokens", v))
	assert.Equal(t, "{{ 9bad }}", Merge("{{ 9bad }}", v))
}

// TestParticipantStatusListsAreNeverNull: a status read without actions or
// next statuses is written with empty lists.
func TestParticipantStatusListsAreNeverNull(t *testing.T) {
	raw, err := json.Marshal(ParticipantStatus{Name: "Final"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(raw), `{"name":"Final","actions":[],"next":[]}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	raw, _ = json.Marshal(ParticipantStatus{Name: "A", Next: []string{"B"}, Actions: []Action{{Kind: ActionTask}}})
	var back ParticipantStatus
	if err := json.Unmarshal(raw, &back); err != nil || back.Next[0] != "B" || back.Actions[0].Kind != ActionTask {
		t.Errorf("round trip: %s %+v %v", raw, back, err)
	}
}
