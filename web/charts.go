package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// barChart is a horizontal bar chart drawn as inline SVG on the server:
// each bar has its label and value on a line above it and a width in
// percent of the chart's width, so the chart fits any screen without
// scaling its text. The SVG is an image with a title and a description
// that lists every bar, for screen readers.
type barChart struct {
	// ID prefixes the ids of the chart's title and description.
	ID, Title string
	// Empty is said instead of the chart when there is no bar.
	Empty string
	Bars  []bar
	// Legend names the colors of a stacked chart's series (none for a
	// chart of one series).
	Legend []legendItem
}

// bar is one bar of a chart; Y is its row's top in pixels.
type bar struct {
	Label, Value string
	Percent      float64
	Y            int
	// Segments split a stacked bar into its series, left to right (none:
	// the bar is one fill).
	Segments []segment
}

// segment is one series' part of a stacked bar: where it starts and how
// wide it is, in percent of the chart's width.
type segment struct {
	Offset, Percent float64
	Color, Title    string
}

// legendItem is the color of one series of a stacked chart.
type legendItem struct{ Color, Label string }

// seriesColors are the colors of a stacked chart's series, in order.
var seriesColors = []string{"#2454c5", "#e0803b", "#1e7a3c", "#b3261e", "#7a4fc4", "#00838f", "#a0792a", "#5c6575"}

// rowHeight is the height of one bar's row (label line and bar).
const rowHeight = 40

// Height is the chart's height in pixels.
func (b barChart) Height() int { return len(b.Bars) * rowHeight }

// Description lists the bars (and each one's series) as a sentence for
// assistive technology.
func (b barChart) Description() string {
	parts := make([]string, len(b.Bars))
	for i, x := range b.Bars {
		parts[i] = x.Label + ": " + x.Value
		if len(x.Segments) > 0 {
			series := make([]string, len(x.Segments))
			for j, sg := range x.Segments {
				series[j] = sg.Title
			}
			parts[i] += " (" + strings.Join(series, ", ") + ")"
		}
	}
	return strings.Join(parts, "; ") + "."
}

// newBarChart lays out bars of the given values, the longest one full width.
func newBarChart(id, title, empty string, labels, values []string, sizes []float64) barChart {
	ch := barChart{ID: id, Title: title, Empty: empty}
	top := 0.0
	for _, v := range sizes {
		top = math.Max(top, v)
	}
	for i := range labels {
		ch.Bars = append(ch.Bars, bar{Label: labels[i], Value: values[i], Percent: percentOf(sizes[i], top), Y: i * rowHeight})
	}
	return ch
}

// percentOf is v in percent of top, to a tenth (0 when top is).
func percentOf(v, top float64) float64 {
	if top <= 0 {
		return 0
	}
	return math.Round(v/top*1000) / 10
}

// newStackedChart lays out bars split into series: counts[i][j] is bar i's
// count of series[j], its value the total (a plural of noun). The longest
// bar is full width and each segment as wide as its count. A chart of one
// unnamed series ("") is a plain bar chart; a chart with nothing to count
// shows empty.
func newStackedChart(id, title, empty, noun string, labels, series []string, counts [][]int) barChart {
	values, sizes := make([]string, len(labels)), make([]float64, len(labels))
	top := 0.0
	for i := range labels {
		n := 0
		for _, c := range counts[i] {
			n += c
		}
		values[i], sizes[i] = plural(n, noun), float64(n)
		top = math.Max(top, sizes[i])
	}
	if top == 0 {
		return barChart{ID: id, Title: title, Empty: empty}
	}
	ch := newBarChart(id, title, empty, labels, values, sizes)
	if len(series) == 1 && series[0] == "" {
		return ch
	}
	for j, s := range series {
		ch.Legend = append(ch.Legend, legendItem{Color: seriesColors[j%len(seriesColors)], Label: s})
	}
	for i := range ch.Bars {
		sum := 0
		for j, n := range counts[i] {
			if n == 0 {
				continue
			}
			from := percentOf(float64(sum), top)
			sum += n
			ch.Bars[i].Segments = append(ch.Bars[i].Segments, segment{Offset: from,
				Percent: math.Round((percentOf(float64(sum), top)-from)*10) / 10, // the segments end where the bar does
				Color:   seriesColors[j%len(seriesColors)], Title: series[j] + ": " + strconv.Itoa(n)})
		}
	}
	return ch
}

// statusChart is the Participants by Status chart: statuses someone holds.
func statusChart(items []domain.StatusCount) barChart {
	var labels, values []string
	var sizes []float64
	for _, it := range items {
		labels = append(labels, it.Status)
		values = append(values, plural(it.Count, "participant"))
		sizes = append(sizes, float64(it.Count))
	}
	return newBarChart("chart-status", "Participants by Status", "No participants yet.", labels, values, sizes)
}

// pipelineChart is the Pipeline chart: the expected revenue of each
// opportunity stage that has an opportunity.
func pipelineChart(items []domain.PipelineStage) barChart {
	var labels, values []string
	var sizes []float64
	for _, it := range items {
		labels = append(labels, it.Stage)
		values = append(values, money(it.ExpectedRevenue)+" ("+plural(it.Count, "opportunity")+")")
		sizes = append(sizes, it.ExpectedRevenue)
	}
	return newBarChart("chart-pipeline", "Pipeline", "No opportunities yet.", labels, values, sizes)
}

// plural is "1 participant" or "3 participants" ("opportunity" becomes
// "opportunities").
func plural(n int, noun string) string {
	if n != 1 {
		if strings.HasSuffix(noun, "y") {
			noun = strings.TrimSuffix(noun, "y") + "ie"
		}
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}

// money writes an amount with thousands separators and two decimals.
func money(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	sign := ""
	if v < 0 {
		sign = "-"
	}
	return sign + b.String() + "." + frac
}
