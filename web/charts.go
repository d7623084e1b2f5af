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
}

// bar is one bar of a chart; Y is its row's top in pixels.
type bar struct {
	Label, Value string
	Percent      float64
	Y            int
}

// rowHeight is the height of one bar's row (label line and bar).
const rowHeight = 40

// Height is the chart's height in pixels.
func (b barChart) Height() int { return len(b.Bars) * rowHeight }

// Description lists the bars as a sentence for assistive technology.
func (b barChart) Description() string {
	parts := make([]string, len(b.Bars))
	for i, x := range b.Bars {
		parts[i] = x.Label + ": " + x.Value
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
		pct := 0.0
		if top > 0 {
			pct = math.Round(sizes[i]/top*1000) / 10
		}
		ch.Bars = append(ch.Bars, bar{Label: labels[i], Value: values[i], Percent: pct, Y: i * rowHeight})
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
