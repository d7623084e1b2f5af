package domain

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validDrip() DripCampaignInput {
	return DripCampaignInput{Name: " Partner welcome ", Steps: []DripStep{
		{Name: "Welcome", Action: "EMAIL", Subject: "Hi {{nameFirst}}", Body: "Welcome"},
		{Name: "Call", OffsetDays: 2, Action: DripTask, Subject: "Call {{nameFirst}}"},
		{Name: "Text", OffsetHours: 5, Action: DripSMS, Body: "See you"},
	}}
}

func TestDripCampaignInputValidate(t *testing.T) {
	in := validDrip()
	in.Trigger = &DripTrigger{PartnerType: "  "}
	in.Normalize()
	require.NoError(t, in.Validate())
	assert.Equal(t, "Partner welcome", in.Name)
	assert.Equal(t, DripEmail, in.Steps[0].Action)
	assert.True(t, *in.Active)
	assert.Nil(t, in.Trigger, "a trigger with no criteria is no trigger")

	bad := DripCampaignInput{Steps: []DripStep{
		{Action: DripEmail},
		{Name: "x", Action: "fax"},
		{Name: "y", Action: DripSMS, OffsetDays: -1},
		{Name: "z", Action: DripTask},
	}}
	bad.Normalize()
	var ve *ValidationError
	require.True(t, errors.As(bad.Validate(), &ve))
	fields := map[string]bool{}
	for _, f := range ve.Fields {
		fields[f.Field] = true
	}
	for _, f := range []string{"name", "steps[0].name", "steps[0].subject", "steps[0].body", "steps[1].action",
		"steps[2].offset_days", "steps[2].body", "steps[3].subject"} {
		assert.True(t, fields[f], "missing error on %s: %v", f, ve.Fields)
	}
	empty := DripCampaignInput{Name: "n"}
	assert.ErrorContains(t, empty.Validate(), "at least one step")
}

func TestDripScheduleAddsOffsets(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	got := DripSchedule(start, validDrip().Steps)
	assert.Equal(t, []time.Time{start, start.Add(48 * time.Hour), start.Add(53 * time.Hour)}, got)
}

func TestDripTriggerMatching(t *testing.T) {
	c := ContactProfile{Contact: Contact{Status: "Client"}, PartnerType: "Realtor", Tags: []string{"vip", "Spring"}}
	assert.True(t, DripTrigger{PartnerType: "realtor"}.Matches(c))
	assert.True(t, DripTrigger{Tag: "spring"}.Matches(c))
	assert.True(t, DripTrigger{PartnerType: "Realtor", Tag: "VIP", Status: "client"}.Matches(c))
	assert.False(t, DripTrigger{PartnerType: "Realtor", Tag: "gold"}.Matches(c), "every criterion must hold")
	assert.False(t, DripTrigger{PartnerType: "Lender"}.Matches(c))
	assert.False(t, DripTrigger{}.Matches(c), "an empty trigger matches nobody")

	tr := DripTrigger{PartnerType: "Realtor"}
	assert.True(t, tr.Enrolls(c, ""))
	assert.True(t, tr.Enrolls(c, DripRemoved), "a removed enrollment may be triggered again")
	for _, s := range []DripStatus{DripScheduled, DripActive, DripPaused, DripFinished} {
		assert.False(t, tr.Enrolls(c, s), "%s is not restarted", s)
	}
}

func TestDripStatusMoves(t *testing.T) {
	ok := [][2]DripStatus{{DripScheduled, DripActive}, {DripActive, DripPaused}, {DripPaused, DripActive},
		{DripScheduled, DripPaused}, {DripActive, DripFinished}, {DripFinished, DripRemoved}, {DripPaused, DripRemoved}}
	for _, m := range ok {
		assert.NoError(t, m[0].CanMove(m[1]), "%s -> %s", m[0], m[1])
	}
	refused := [][2]DripStatus{{DripPaused, DripPaused}, {DripRemoved, DripRemoved}, {DripRemoved, DripActive},
		{DripFinished, DripPaused}, {DripActive, DripScheduled}}
	for _, m := range refused {
		var te *TransitionError
		assert.True(t, errors.As(m[0].CanMove(m[1]), &te), "%s -> %s", m[0], m[1])
	}
	assert.NoError(t, DripPaused.CanResume())
	assert.Error(t, DripActive.CanResume())
	var scheduled *TransitionError
	require.True(t, errors.As(DripScheduled.CanResume(), &scheduled), "a scheduled enrollment turns active by itself")
	assert.Contains(t, scheduled.Error(), "will run at its start date")
	assert.NoError(t, StepPending.CanSkip())
	assert.Error(t, StepDone.CanSkip())
	assert.Error(t, StepSkipped.CanSkip())
	assert.NoError(t, StepDone.CanRunAgain())
	assert.Error(t, StepPending.CanRunAgain())
	var ce *ConflictError
	assert.True(t, errors.As(DripActive.CanStart(), &ce))
	assert.True(t, errors.As(DripFinished.CanStart(), &ce))
	assert.NoError(t, DripStatus("").CanStart())
}

func TestParseStartDate(t *testing.T) {
	now := time.Date(2026, 5, 5, 10, 0, 0, 0, time.UTC)
	got, err := ParseStartDate("", now)
	require.NoError(t, err)
	assert.Equal(t, now, got)
	got, err = ParseStartDate("2026-06-01", now)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), got)
	got, err = ParseStartDate("2026-06-01T10:00:00+02:00", now)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC), got)
	_, err = ParseStartDate("next tuesday", now)
	var ve *ValidationError
	assert.True(t, errors.As(err, &ve))
}

func TestDripStepKey(t *testing.T) {
	assert.Equal(t, "drip/c/p/e2/s3/r1", DripStepKey("c", "p", 2, 3, 1))
	assert.NotEqual(t, DripStepKey("c", "p", 1, 3, 1), DripStepKey("c", "p", 2, 3, 1))
}

func TestContactInputApply(t *testing.T) {
	first, tags := " Ann ", []string{" vip", "VIP", "", "gold"}
	c := ContactProfile{Contact: Contact{LastName: "Lee"}}
	ContactInput{FirstName: &first, Tags: &tags}.Apply(&c)
	assert.Equal(t, "Ann", c.FirstName)
	assert.Equal(t, "Lee", c.LastName)
	assert.Equal(t, []string{"vip", "gold"}, c.Tags)
	assert.Equal(t, "Other", c.Status)
	require.NoError(t, ValidateContact(c))
	bad := "not-an-email"
	ContactInput{Email: &bad}.Apply(&c)
	assert.ErrorContains(t, ValidateContact(c), "email")
	assert.ErrorContains(t, ValidateContact(ContactProfile{}), "first or last name")
}
