package domain

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNextStatusesOfferWhatAMoveAccepts: the statuses offered to a person
// are exactly those a move would be allowed to, and when none is offered
// the reason is the one the refused move gives.
func TestNextStatusesOfferWhatAMoveAccepts(t *testing.T) {
	d := DefaultWorkflow()
	next, err := d.NextStatuses(StageInProgress, "contacted")
	require.NoError(t, err)
	assert.Equal(t, []string{"Responded", "Not responded", "Don't contact me"}, next)
	next, err = d.NextStatuses(StageInProgress, "Responded")
	require.NoError(t, err)
	assert.Equal(t, []string{"Interested", "Not interested", "Don't contact me"}, next)
	for _, s := range d.Statuses {
		offered, _ := d.NextStatuses(StageInProgress, s.Name)
		for _, to := range d.Statuses {
			allowed := CanChangeParticipantStatus(StageInProgress, s.Name, to.Name) == nil && d.CanMove(s.Name, to.Name) == nil
			assert.Equal(t, allowed, contains(offered, to.Name), "%s -> %s", s.Name, to.Name)
		}
	}

	for _, tc := range []struct {
		stage  Stage
		status string
		why    string
	}{
		{StagePlanning, "Targeted", "while the campaign is in planning every participant stays Targeted"},
		{StageCompleted, "Contacted", "the campaign is completed; restart it to change participant statuses"},
		{StageCancelled, "Responded", "the campaign is cancelled, which is final"},
		{StageInProgress, "Targeted", "the participant was not initiated (a participant needs an owner to be initiated)"},
		{StageInProgress, "Don't contact me", "Don't contact me is a final status: the participant cannot change any more"},
		{StageInProgress, "Gone", "the current status is not part of the campaign workflow"},
	} {
		next, err := d.NextStatuses(tc.stage, tc.status)
		assert.Empty(t, next, "%s in %s", tc.status, tc.stage)
		var te *TransitionError
		require.True(t, errors.As(err, &te), "%s in %s: %v", tc.status, tc.stage, err)
		assert.Equal(t, tc.why, te.Reason)
	}

	// A status whose only next one is Targeted offers nothing, with a reason.
	odd := WorkflowDef{Statuses: []ParticipantStatus{{Name: "Targeted", Next: []string{"Contacted"}},
		{Name: "Contacted", Next: []string{"Targeted"}}}}
	next, err = odd.NextStatuses(StageInProgress, "Contacted")
	assert.Empty(t, next)
	assert.ErrorContains(t, err, "no status may follow Contacted")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestCampaignOpen: invisible is not found; a deleted campaign reads but
// refuses changes; anything else opens.
func TestCampaignOpen(t *testing.T) {
	assert.ErrorIs(t, CampaignOpen(false, VersionPublished, false), ErrNotFound)
	assert.ErrorIs(t, CampaignOpen(false, VersionDeleted, true), ErrNotFound)
	assert.NoError(t, CampaignOpen(true, VersionDeleted, false))
	var ce *ConflictError
	assert.ErrorAs(t, CampaignOpen(true, VersionDeleted, true), &ce)
	assert.NoError(t, CampaignOpen(true, VersionDraft, true))
}

// TestOpportunityEditable: a locked opportunity says why it cannot be edited.
func TestOpportunityEditable(t *testing.T) {
	assert.NoError(t, Opportunity{}.Editable())
	assert.Same(t, ErrOpportunityLocked, Opportunity{Locked: true}.Editable())
}

// TestNeedAndContainsPattern: a missing privilege is a ForbiddenError that
// names it; a search pattern escapes LIKE's wildcards.
func TestNeedAndContainsPattern(t *testing.T) {
	assert.NoError(t, Need(User{Privileges: []string{PrivAdmin}}, PrivAdmin, "locking"))
	var fe *ForbiddenError
	require.ErrorAs(t, Need(User{Privileges: []string{PrivCampaigns}}, PrivAdmin, "locking"), &fe)
	assert.Equal(t, PrivAdmin, fe.Privilege)
	assert.Equal(t, "locking needs the privilege admin", fe.Error())
	assert.Equal(t, `%50\%\_off%`, ContainsPattern(" 50%_OFF "))
}
