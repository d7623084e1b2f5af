package domain

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFrequencyCapParsesStrictly(t *testing.T) {
	c, err := ParseFrequencyCap("3/7d")
	require.NoError(t, err)
	assert.Equal(t, FrequencyCap{Max: 3, Period: 7 * 24 * time.Hour}, c)
	assert.Equal(t, "3 in 7 days", c.String())
	c, err = ParseFrequencyCap("1/12h")
	require.NoError(t, err)
	assert.Equal(t, "1 in 12 hours", c.String())
	assert.Equal(t, "1 in 1 day", FrequencyCap{Max: 1, Period: 24 * time.Hour}.String())
	c, err = ParseFrequencyCap("2/1w")
	require.NoError(t, err)
	assert.Equal(t, 7*24*time.Hour, c.Period)
	for _, bad := range []string{"", "3", "3/", "0/7d", "3/0d", "3/7", "3/7m", "-1/7d", "3/7d extra", "three/7d", "3.5/7d"} {
		_, err := ParseFrequencyCap(bad)
		assert.Error(t, err, bad)
	}
	assert.False(t, FrequencyCap{}.Set())
}

func TestFrequencyCapDefersToTheFirstAllowedMoment(t *testing.T) {
	c := FrequencyCap{Max: 3, Period: 7 * 24 * time.Hour}
	now := utc("2026-05-10T12:00:00Z")
	day := 24 * time.Hour
	ok, _ := c.Allows([]time.Time{now.Add(-6 * day), now.Add(-time.Hour)}, now)
	assert.True(t, ok)
	// Three in the last 7 days: the next one may go when the oldest of them
	// is 7 days old.
	sent := []time.Time{now.Add(-8 * day), now.Add(-6 * day), now.Add(-2 * day), now.Add(-time.Hour)}
	ok, at := c.Allows(sent, now)
	assert.False(t, ok)
	assert.Equal(t, now.Add(-6*day).Add(7*day), at)
	// Four in the period (a cap lowered meanwhile): two must leave it.
	ok, at = c.Allows([]time.Time{now.Add(-5 * day), now.Add(-4 * day), now.Add(-3 * day), now.Add(-day)}, now)
	assert.False(t, ok)
	assert.Equal(t, now.Add(-4*day).Add(7*day), at)
	// No cap allows everything.
	ok, _ = FrequencyCap{}.Allows(sent, now)
	assert.True(t, ok)
}
