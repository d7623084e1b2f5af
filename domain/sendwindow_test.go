package domain

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newYork(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSendWindowOpensOnTheContactsClock(t *testing.T) {
	ny := newYork(t)
	w := &SendWindow{Days: []string{"mon", "tue", "wed", "thu", "fri"}, FromHour: 9, ToHour: 17}
	// Friday 2026-03-06 16:30 in New York (EST, UTC-5) is inside.
	assert.True(t, w.Contains(utc("2026-03-06T21:30:00Z"), ny))
	// Friday 17:30 is past it: the window opens on Monday at 9:00, which is
	// EDT (UTC-4) after the change of Sunday March 8.
	assert.Equal(t, utc("2026-03-09T13:00:00Z"), w.Next(utc("2026-03-06T22:30:00Z"), ny))
	// The same moment in Tokyo is Saturday morning: Monday 9:00 JST.
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	assert.Equal(t, utc("2026-03-09T00:00:00Z"), w.Next(utc("2026-03-06T22:30:00Z"), tokyo))
	// Before the opening on a listed day: that day's opening.
	assert.Equal(t, utc("2026-03-10T13:00:00Z"), w.Next(utc("2026-03-10T10:00:00Z"), ny))
	// A nil window is always open.
	var none *SendWindow
	assert.Equal(t, utc("2026-03-10T10:00:00Z"), none.Next(utc("2026-03-10T10:00:00Z"), ny))
}

func TestSendWindowAcrossTheMarch2026ChangeInNewYork(t *testing.T) {
	ny := newYork(t)
	// Sunday 2026-03-08: the clock jumps from 2:00 EST to 3:00 EDT (07:00Z).
	nine := &SendWindow{Days: []string{"sat", "sun"}, FromHour: 9, ToHour: 17}
	// Saturday 18:00 EST -> Sunday 9:00 EDT = 13:00Z (23 hours later, not 24).
	assert.Equal(t, utc("2026-03-08T13:00:00Z"), nine.Next(utc("2026-03-07T23:00:00Z"), ny))
	assert.True(t, nine.Contains(utc("2026-03-08T13:00:00Z"), ny))
	assert.False(t, nine.Contains(utc("2026-03-08T12:59:00Z"), ny))

	// A window opening at 2:00, an hour that does not exist that day, opens
	// when the clock jumps: 3:00 EDT = 07:00Z.
	two := &SendWindow{Days: []string{"sun"}, FromHour: 2, ToHour: 5}
	assert.Equal(t, utc("2026-03-08T07:00:00Z"), two.Next(utc("2026-03-08T05:30:00Z"), ny)) // 0:30 EST
	assert.False(t, two.Contains(utc("2026-03-08T06:59:00Z"), ny))                          // 1:59 EST
	// The next Sunday it opens at 2:00 EDT = 06:00Z.
	assert.Equal(t, utc("2026-03-15T06:00:00Z"), two.Next(utc("2026-03-08T09:00:00Z"), ny))
}

func TestSendWindowAcrossTheNovember2026ChangeInNewYork(t *testing.T) {
	ny := newYork(t)
	// Sunday 2026-11-01: the clock goes back from 2:00 EDT to 1:00 EST (06:00Z).
	nine := &SendWindow{Days: []string{"sun"}, FromHour: 9, ToHour: 17}
	// Saturday 20:00 EDT (00:00Z) -> Sunday 9:00 EST = 14:00Z (25 hours later).
	assert.Equal(t, utc("2026-11-01T14:00:00Z"), nine.Next(utc("2026-11-01T00:00:00Z"), ny))
	// It closes at 17:00 EST = 22:00Z.
	assert.True(t, nine.Contains(utc("2026-11-01T21:59:00Z"), ny))
	assert.False(t, nine.Contains(utc("2026-11-01T22:00:00Z"), ny))

	// A window opening at 1:00, an hour that happens twice, opens the first
	// time: 1:00 EDT = 05:00Z.
	one := &SendWindow{Days: []string{"sun"}, FromHour: 1, ToHour: 3}
	assert.Equal(t, utc("2026-11-01T05:00:00Z"), one.Next(utc("2026-11-01T03:00:00Z"), ny)) // 23:00 EDT
	// Inside both times the hour happens.
	assert.True(t, one.Contains(utc("2026-11-01T05:30:00Z"), ny))
	assert.True(t, one.Contains(utc("2026-11-01T06:30:00Z"), ny))
	// 2:00 EST (07:00Z) is still inside (to 3:00); 3:00 EST (08:00Z) is not.
	assert.True(t, one.Contains(utc("2026-11-01T07:30:00Z"), ny))
	assert.Equal(t, utc("2026-11-08T06:00:00Z"), one.Next(utc("2026-11-01T08:00:00Z"), ny)) // next Sunday 1:00 EST
}

func TestSendWindowChecks(t *testing.T) {
	w := &SendWindow{Days: []string{" Fri", "MON", "mon", "someday"}, FromHour: 18, ToHour: 9}
	w.Normalize()
	assert.Equal(t, []string{"mon", "fri", "someday"}, w.Days)
	var v Validator
	w.Check(&v, "send_window")
	err := v.Err()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "send_window.days[2]: must be one of mon")
	assert.Contains(t, err.Error(), "send_window.to_hour: must be after from_hour")
	v = Validator{}
	(&SendWindow{FromHour: 9, ToHour: 17}).Check(&v, "w")
	assert.ErrorContains(t, v.Err(), "w.days: list at least one day")

	assert.True(t, ValidTimeZone("America/New_York"))
	assert.False(t, ValidTimeZone("Mars/Olympus_Mons"))
	assert.False(t, ValidTimeZone("Local"))
	v = Validator{}
	v.TimeZoneField("time_zone", "Europe/Atlantis")
	v.TimeZoneField("ok", "")
	assert.ErrorContains(t, v.Err(), "time_zone: must be an IANA time zone")
}
