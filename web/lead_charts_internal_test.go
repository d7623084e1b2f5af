package web

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/drumbeat-crm/drumbeat/store"
)

// The charts' axes: the last months and the Mondays of the last weeks, a
// top that reads well, and stacked segments that fit under it.
func TestChartLayout(t *testing.T) {
	now := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC) // a Wednesday
	assert.Equal(t, []string{"2026-10", "2026-11", "2026-12"}, chartPeriodLabels(now, 3, false))
	assert.Equal(t, []string{"2026-11-16", "2026-11-23", "2026-11-30"}, chartPeriodLabels(now, 3, true))
	assert.Equal(t, []string{"2026-11-30"}, chartPeriodLabels(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), 1, true), "a Monday is its own week")
	for n, want := range map[int]int{1: 4, 4: 4, 5: 8, 9: 20, 21: 40, 399: 400, 401: 800, 123456: 200000} {
		assert.Equal(t, want, niceMax(n), "top for %d", n)
	}

	ch := newBarChart("c", "Chart", []string{"2026-11", "2026-12"}, []store.ChartPoint{
		{Period: "2026-12", Series: "Web", Count: 30}, {Period: "2026-12", Series: "Conference", Count: 10},
		{Period: "2026-11", Series: "Web", Count: 5}, {Period: "2026-10", Series: "Web", Count: 99}})
	assert.Equal(t, []legendItem{{chartColors[0], "Conference"}, {chartColors[1], "Web"}}, ch.Legend, "series in name order")
	assert.Len(t, ch.Bars, 2, "a point outside the periods is not drawn")
	assert.Len(t, ch.Bars[0].Segments, 1)
	dec := ch.Bars[1].Segments
	assert.Len(t, dec, 2)
	assert.Equal(t, chartBase, dec[0].Y+dec[0].H, "the first segment stands on the base")
	assert.Equal(t, dec[0].Y, dec[1].Y+dec[1].H, "the next one on top of it")
	assert.GreaterOrEqual(t, dec[1].Y, chartTop, "the tallest bar fits")
	assert.Equal(t, "40", ch.Ticks[4].Label, "the top is the tallest bar drawn")
	assert.Equal(t, "Dec", ch.Bars[1].Label)
	assert.Equal(t, "2026-12 · Web: 30", dec[1].Title)
	assert.True(t, newBarChart("e", "Empty", []string{"2026-12"}, nil).Empty)
}
