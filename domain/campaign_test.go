package domain

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStageMoves(t *testing.T) {
	tests := []struct {
		from, to Stage
		ok       bool
		reason   string
	}{
		{StagePlanning, StageInProgress, true, ""},
		{StageInProgress, StageCompleted, true, ""},
		{StageInProgress, StageCancelled, true, ""},
		{StageCompleted, StageInProgress, true, ""},
		{StageCancelled, StageInProgress, false, "cancelled campaign is final"},
		{StageCancelled, StageCompleted, false, "cancelled campaign is final"},
		{StageCompleted, StageCancelled, false, "restarted but not cancelled"},
		{StageInProgress, StagePlanning, false, "never returns to planning"},
		{StageInProgress, StageInProgress, false, "already in progress"},
		{StagePlanning, StageCompleted, false, "only a campaign in progress"},
		{StagePlanning, StageCancelled, false, "delete a campaign in planning"},
		{StageCompleted, StagePlanning, false, ""},
	}
	for _, tc := range tests {
		t.Run(string(tc.from)+"->"+string(tc.to), func(t *testing.T) {
			err := tc.from.CanMove(tc.to)
			if tc.ok {
				assert.NoError(t, err)
				return
			}
			var te *TransitionError
			require.True(t, errors.As(err, &te))
			assert.Equal(t, "campaign", te.Entity)
			assert.Contains(t, te.Error(), tc.reason)
		})
	}
}

func TestCampaignInputValidation(t *testing.T) {
	in := CampaignInput{Name: "  Spring ", Priority: "a"}
	in.Normalize()
	require.NoError(t, in.Validate())
	assert.Equal(t, "Spring", in.Name)
	assert.Equal(t, Priority("A"), in.Priority)
	assert.Equal(t, "public", in.Security)

	bad := CampaignInput{Priority: "D", Security: "hidden", AllocationModel: "Round robin"}
	err := bad.Validate()
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	assert.Equal(t, []string{"allocation_model", "allocation_role", "name", "priority", "security"}, fields)
}

func TestIdentitiesAreDeterministic(t *testing.T) {
	assert.Equal(t, "campaign/c1", CampaignWorkflowID("c1"))
	assert.Equal(t, "campaign/c1/participant/p1", ParticipantWorkflowID("c1", "p1"))
	assert.Equal(t, "campaign/c1/participant/p1/t2/a0", ActionKey("c1", "p1", 2, 0))
	assert.Equal(t, MessageID("k"), MessageID("k"))
	assert.NotEqual(t, MessageID("k"), MessageID("k2"))
	assert.Regexp(t, `^[0-9a-f]{32}@drumbeat\.local$`, MessageID("k"))
	assert.Equal(t, "batch/b1/item/3", BatchKey("b1", 3))
}
