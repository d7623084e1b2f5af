package domain

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every pair of version statuses: the allowed moves are exactly those of
// the transition table; every other one is a *TransitionError.
func TestVersionMoves(t *testing.T) {
	all := []VersionStatus{VersionDraft, VersionTest, VersionPublished, VersionSundown, VersionDeleted}
	allowed := map[[2]VersionStatus]bool{
		{VersionDraft, VersionTest}: true, {VersionDraft, VersionPublished}: true, {VersionDraft, VersionDeleted}: true,
		{VersionTest, VersionPublished}: true, {VersionTest, VersionDeleted}: true,
		{VersionPublished, VersionSundown}: true, {VersionPublished, VersionDeleted}: true,
		{VersionSundown, VersionPublished}: true, {VersionSundown, VersionDeleted}: true,
	}
	for _, from := range all {
		for _, to := range all {
			err := from.CanMove(to)
			if allowed[[2]VersionStatus{from, to}] {
				assert.NoError(t, err, "%s -> %s", from, to)
				continue
			}
			var te *TransitionError
			require.True(t, errors.As(err, &te), "%s -> %s must be refused", from, to)
			assert.NotEmpty(t, te.Reason, "%s -> %s needs a reason", from, to)
		}
	}
	assert.Contains(t, VersionDeleted.CanMove(VersionPublished).Error(), "cannot be undeleted")
	assert.Contains(t, VersionPublished.CanMove(VersionDraft).Error(), "create a new version")
}

func TestParseVersionStatus(t *testing.T) {
	s, ok := ParseVersionStatus(" published ")
	assert.True(t, ok)
	assert.Equal(t, VersionPublished, s)
	_, ok = ParseVersionStatus("Live")
	assert.False(t, ok)
}

// What each status allows: editing, enrolling, starting, copying.
func TestVersionRules(t *testing.T) {
	var ce *ConflictError
	for s, editable := range map[VersionStatus]bool{VersionDraft: true, VersionTest: true, VersionPublished: false, VersionSundown: false, VersionDeleted: false} {
		err := s.Editable(3)
		if editable {
			assert.NoError(t, err, s)
		} else {
			assert.True(t, errors.As(err, &ce), s)
		}
	}
	assert.Contains(t, VersionPublished.Editable(3).Error(), "version 3 is Published")

	assert.NoError(t, VersionDraft.CanEnroll(1, StagePlanning))
	assert.ErrorAs(t, VersionDraft.CanEnroll(1, StageInProgress), &ce)
	assert.NoError(t, VersionTest.CanEnroll(1, StageInProgress))
	assert.NoError(t, VersionPublished.CanEnroll(1, StageInProgress))
	assert.ErrorContains(t, VersionSundown.CanEnroll(1, StageInProgress), "nothing new enrolls")
	assert.ErrorContains(t, VersionDeleted.CanEnroll(1, StagePlanning), "deleted")

	publish, err := VersionDraft.StartMove(1)
	assert.True(t, publish)
	assert.NoError(t, err)
	for _, s := range []VersionStatus{VersionTest, VersionPublished} {
		publish, err := s.StartMove(1)
		assert.False(t, publish)
		assert.NoError(t, err)
	}
	for _, s := range []VersionStatus{VersionSundown, VersionDeleted} {
		_, err := s.StartMove(1)
		assert.ErrorAs(t, err, &ce)
	}

	assert.NoError(t, VersionPublished.CanCopy(1))
	assert.NoError(t, VersionSundown.CanCopy(1))
	assert.ErrorContains(t, VersionDraft.CanCopy(1), "still editable")
	assert.ErrorContains(t, VersionDeleted.CanCopy(1), "read-only")
}

func TestCheckVersionMove(t *testing.T) {
	v1 := CampaignVersion{Version: 1, Status: VersionSundown}
	assert.ErrorContains(t, CheckVersionMove(v1, VersionPublished, 2, StageInProgress, 2), "only the current version (2)")
	assert.NoError(t, CheckVersionMove(v1, VersionDeleted, 2, StageInProgress, 2))
	last := CampaignVersion{Version: 2, Status: VersionPublished}
	assert.ErrorContains(t, CheckVersionMove(last, VersionDeleted, 2, StageInProgress, 1), "complete or cancel")
	assert.NoError(t, CheckVersionMove(last, VersionDeleted, 2, StageCompleted, 1))
	assert.NoError(t, CheckVersionMove(last, VersionSundown, 2, StageInProgress, 1))
}

func TestValidateFields(t *testing.T) {
	assert.NoError(t, ValidateFields(NormalizeFields([]Field{{Name: " Budget ", Type: "Number"}, {Name: "Start", Type: "date"}})))
	err := ValidateFields(NormalizeFields([]Field{{Name: "A", Type: "text"}, {Name: "a", Type: "blob"}, {Name: "", Type: "text"}}))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Len(t, ve.Fields, 3)
}

func TestAudienceValidate(t *testing.T) {
	a := Audience{Type: "customers", CustomerStatus: "active"}
	a.Normalize()
	assert.Equal(t, Audience{Type: AudienceCustomers, SendTo: SendToAll, CustomerStatus: CustomerActive}, a)
	assert.NoError(t, a.Validate())
	bad := []struct {
		a     Audience
		field string
	}{
		{Audience{Type: "Prospects", SendTo: "All", CustomerStatus: "All"}, "type"},
		{Audience{Type: "Customers", SendTo: "Some", CustomerStatus: "All"}, "send_to"},
		{Audience{Type: "Customers", SendTo: "All", CustomerStatus: "Gold"}, "customer_status"},
		{Audience{Type: "Customers", SendTo: "All", CustomerStatus: "All", CustomerGroupID: "vip"}, "customer_group_id"},
		{Audience{Type: "Leads", SendTo: "All", CustomerStatus: "All", CustomerGroupID: "00000000-0000-4000-8000-000000000001"}, "customer_group_id"},
		{Audience{Type: "Customers", SendTo: "All", CustomerStatus: "All", LeadFilters: LeadFilters{SourceType: "Conference"}}, "lead_filters"},
	}
	for _, tc := range bad {
		var ve *ValidationError
		require.ErrorAs(t, tc.a.Validate(), &ve, "%+v", tc.a)
		assert.Equal(t, tc.field, ve.Fields[0].Field)
	}
}

func TestAudienceEligibility(t *testing.T) {
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	day := func(d int) *time.Time { t := time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC); return &t }
	pub := CampaignVersion{Version: 2, Status: VersionPublished, Audience: Audience{Type: AudienceCustomers}}
	c := Campaign{Stage: StageInProgress, ManagerID: "m", StartDate: day(10), EndDate: day(11)}
	assert.Equal(t, Eligibility{Eligible: true, Reasons: []string{}}, AudienceEligibility(c, pub, true, now))

	c.EndDate = day(10) // now < end date fails on the end date itself
	el := AudienceEligibility(c, pub, true, now)
	assert.Equal(t, []string{"the end date 2026-03-10 has passed"}, el.Reasons)
	c.StartDate, c.EndDate = day(11), nil
	assert.Equal(t, []string{"the start date 2026-03-11 is in the future"}, AudienceEligibility(c, pub, true, now).Reasons)

	c = Campaign{Stage: StageCompleted}
	draft := CampaignVersion{Version: 3, Status: VersionDraft}
	el = AudienceEligibility(c, draft, false, now)
	assert.False(t, el.Eligible)
	assert.Equal(t, []string{"the current version (3) is Draft, not Published", "the current version has no audience",
		"the campaign has no manager to own its participants", "the campaign is completed, not in progress",
		"its audience schedule is not running"}, el.Reasons)

	assert.True(t, AudienceScheduleRunning(Campaign{Stage: StageInProgress}, pub, CampaignSettings{}))
	assert.False(t, AudienceScheduleRunning(Campaign{Stage: StageInProgress}, pub, CampaignSettings{AudiencePaused: true}))
	assert.False(t, AudienceScheduleRunning(Campaign{Stage: StagePlanning}, pub, CampaignSettings{}))
	assert.False(t, AudienceScheduleRunning(Campaign{Stage: StageInProgress}, draft, CampaignSettings{}))
}

func TestCustomerAndSettingsValidate(t *testing.T) {
	c := Customer{Status: "inactive"}
	c.Normalize()
	assert.Equal(t, Customer{Status: CustomerInactive, GroupIDs: []string{}}, c)
	assert.NoError(t, c.Validate())
	assert.Error(t, Customer{Status: "", GroupIDs: []string{"00000000-0000-4000-8000-000000000001"}}.Validate())
	assert.Error(t, Customer{Status: "Active", GroupIDs: []string{"x"}}.Validate())

	s := CampaignSettings{TestRecipients: []string{" qa@example.test ", ""}, AudienceIntervalSeconds: 60}
	s.Normalize()
	assert.Equal(t, []string{"qa@example.test"}, s.TestRecipients)
	assert.NoError(t, s.Validate())
	s.AudienceIntervalSeconds = 5
	s.TestRecipients = []string{"a@", "x y@z"}
	var ve *ValidationError
	require.ErrorAs(t, s.Validate(), &ve)
	assert.Len(t, ve.Fields, 3)
}
