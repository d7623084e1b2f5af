package web

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/store"
)

// The charts' periods: the last months and the Mondays of the last weeks,
// oldest first.
func TestChartPeriods(t *testing.T) {
	now := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC) // a Wednesday
	assert.Equal(t, []string{"2026-10", "2026-11", "2026-12"}, chartPeriodLabels(now, 3, false))
	assert.Equal(t, []string{"2026-11-16", "2026-11-23", "2026-11-30"}, chartPeriodLabels(now, 3, true))
	assert.Equal(t, []string{"2026-11-30"}, chartPeriodLabels(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), 1, true), "a Monday is its own week")
	assert.Equal(t, "Nov 2026", periodLabel("2026-11"))
	assert.Equal(t, "Week of 23 Nov", periodLabel("2026-11-23"))
}

// A chart of periods stacks each period's series (in name order, the same
// color in every bar) into one bar as long as its total, the longest bar
// full width; a point outside the periods is not drawn, and a chart with
// nothing to count says so instead.
func TestPeriodChart(t *testing.T) {
	ch := periodChart("c", "Chart", "Nothing.", []string{"2026-11", "2026-12"}, []store.ChartPoint{
		{Period: "2026-12", Series: "Web", Count: 30}, {Period: "2026-12", Series: "Conference", Count: 10},
		{Period: "2026-11", Series: "Web", Count: 5}, {Period: "2026-10", Series: "Web", Count: 99}, {Period: "2026-10", Series: "Fair", Count: 1}})
	assert.Equal(t, []legendItem{{seriesColors[0], "Conference"}, {seriesColors[1], "Web"}}, ch.Legend, "only the periods' series")
	require.Len(t, ch.Bars, 2, "one bar per period")
	nov, dec := ch.Bars[0], ch.Bars[1]
	assert.Equal(t, "Nov 2026", nov.Label)
	assert.Equal(t, "5 leads", nov.Value, "the October point is not counted")
	assert.Equal(t, 12.5, nov.Percent)
	assert.Equal(t, []segment{{Offset: 0, Percent: 12.5, Color: seriesColors[1], Title: "Web: 5"}}, nov.Segments)
	assert.Equal(t, 100.0, dec.Percent, "the longest bar is full width")
	assert.Equal(t, []segment{{Offset: 0, Percent: 25, Color: seriesColors[0], Title: "Conference: 10"},
		{Offset: 25, Percent: 75, Color: seriesColors[1], Title: "Web: 30"}}, dec.Segments)
	assert.Equal(t, "Nov 2026: 5 leads (Web: 5); Dec 2026: 40 leads (Conference: 10, Web: 30).", ch.Description())

	thirds := periodChart("t", "Thirds", "", []string{"2026-12"}, []store.ChartPoint{
		{Period: "2026-12", Series: "A", Count: 1}, {Period: "2026-12", Series: "B", Count: 1}, {Period: "2026-12", Series: "C", Count: 1}})
	last := thirds.Bars[0].Segments[2]
	assert.InDelta(t, 100, last.Offset+last.Percent, 1e-9, "the segments end where the bar does")

	plain := periodChart("p", "Converted", "", []string{"2026-11-23", "2026-11-30"}, []store.ChartPoint{{Period: "2026-11-30", Count: 1}})
	assert.Empty(t, plain.Legend, "one unnamed series has no legend")
	assert.Empty(t, plain.Bars[1].Segments, "and plain bars")
	assert.Equal(t, "1 lead", plain.Bars[1].Value)

	empty := periodChart("e", "Empty", "Nothing.", []string{"2026-12"}, []store.ChartPoint{{Period: "2026-10", Series: "Web", Count: 3}})
	assert.Empty(t, empty.Bars)
	assert.Equal(t, "Nothing.", empty.Empty)
}
