package web

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/app"
	"github.com/drumbeat-crm/drumbeat/store"
)

// The three charts of the Leads workspace, drawn on the server as inline
// SVG. They are a fragment of their own (/leads/charts?fragment=1, which
// the workspace's script puts in place, and a page without script), so
// that the table, which must come fast at a million leads, never waits for
// their aggregates.

// chartPeriods is how many months (or weeks) a chart shows.
const chartPeriods = 12

// Chart geometry, in the SVG's own units (it scales to its box).
const (
	chartW, chartH       = 480, 220
	chartLeft, chartBase = 36, 190
	chartTop             = 12
)

// chartColors are the series' colors, in order.
var chartColors = []string{"#2454c5", "#e0803b", "#1e7a3c", "#b3261e", "#7a4fc4", "#00838f", "#a0792a", "#5c6575"}

// barChart is a stacked bar chart: a bar per period, a segment per series.
type barChart struct {
	ID, Title string
	W, H      int
	Bars      []bar
	Legend    []legendItem
	Ticks     []tick
	Left      int
	BaseY     int
	Empty     bool
}

type bar struct {
	X, W     int
	Label    string
	LabelX   int
	Segments []segment
}

type segment struct {
	Y, H         int
	Color, Title string
}

type legendItem struct{ Color, Label string }

type tick struct {
	Y     int
	Label string
}

// chartPeriodLabels are the last n months ("2026-11") or weeks (their
// Monday, "2026-11-23") up to now, oldest first, as the store names them.
func chartPeriodLabels(now time.Time, n int, weekly bool) []string {
	now = now.UTC()
	out := make([]string, n)
	if weekly {
		monday := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		monday = monday.AddDate(0, 0, -((int(monday.Weekday()) + 6) % 7))
		for i := range n {
			out[n-1-i] = monday.AddDate(0, 0, -7*i).Format(time.DateOnly)
		}
		return out
	}
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		out[n-1-i] = first.AddDate(0, -i, 0).Format("2006-01")
	}
	return out
}

// newBarChart lays out the points over the periods.
func newBarChart(id, title string, periods []string, pts []store.ChartPoint) barChart {
	ch := barChart{ID: id, Title: title, W: chartW, H: chartH, Left: chartLeft, BaseY: chartBase, Empty: len(pts) == 0}
	var series []string
	totals := map[string]int{}
	for _, pt := range pts {
		if !slices.Contains(periods, pt.Period) {
			continue // the database's clock may have passed a period's end
		}
		if !slices.Contains(series, pt.Series) {
			series = append(series, pt.Series)
		}
		totals[pt.Period] += pt.Count
	}
	slices.Sort(series)
	top := 1
	for _, n := range totals {
		top = max(top, n)
	}
	top = niceMax(top)
	color := map[string]string{}
	for i, s := range series {
		color[s] = chartColors[i%len(chartColors)]
		label := s
		if label == "" {
			label = title
		}
		ch.Legend = append(ch.Legend, legendItem{Color: color[s], Label: label})
	}
	for i := 0; i <= 4; i++ {
		ch.Ticks = append(ch.Ticks, tick{Y: chartBase - (chartBase-chartTop)*i/4, Label: strconv.Itoa(top * i / 4)})
	}
	slot := (chartW - chartLeft) / max(len(periods), 1)
	for i, period := range periods {
		b := bar{X: chartLeft + i*slot + slot/6, W: slot * 2 / 3, Label: shortPeriod(period), LabelX: chartLeft + i*slot + slot/2}
		y := chartBase
		for _, s := range series {
			for _, pt := range pts {
				if pt.Period != period || pt.Series != s || pt.Count == 0 {
					continue
				}
				h := max(pt.Count*(chartBase-chartTop)/top, 1)
				y -= h
				name := s
				if name == "" {
					name = title
				}
				b.Segments = append(b.Segments, segment{Y: y, H: h, Color: color[s], Title: period + " · " + name + ": " + strconv.Itoa(pt.Count)})
			}
		}
		ch.Bars = append(ch.Bars, b)
	}
	return ch
}

// niceMax is a chart's top: four ticks of 1, 2 or 5 times a power of ten,
// the smallest that holds n, so the axis reads well.
func niceMax(n int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if 4*m*p >= n {
				return 4 * m * p
			}
		}
	}
}

// shortPeriod labels a period on the axis: "Nov" for a month, "23/11" for a week.
func shortPeriod(p string) string {
	if t, err := time.Parse("2006-01", p); err == nil {
		return t.Format("Jan")
	}
	if t, err := time.Parse(time.DateOnly, p); err == nil {
		return t.Format("2/1")
	}
	return p
}

// leadChartsView are the three charts.
type leadChartsView struct{ Charts []barChart }

// leadCharts draws the charts (app.LeadChart, as GET
// /api/v1/leads/charts/{chart}): a fragment, or a page without script.
func (p *Pages) leadCharts(c *gin.Context) {
	now := time.Now()
	charts := []struct {
		name, title string
		weekly      bool
	}{{"lead-source-by-month", "Lead Source by Month", false}, {"leads-converted-by-week", "Leads Converted by Week", true},
		{"lead-status-by-month", "Lead Status by Month", false}}
	// Each chart is one aggregate over the leads of its periods: they are
	// read at the same time, on connections of their own.
	v := leadChartsView{Charts: make([]barChart, len(charts))}
	errs := make([]error, len(charts))
	ctx, u := c.Request.Context(), user(c)
	var wg sync.WaitGroup
	for i, ch := range charts {
		wg.Go(func() {
			pts, err := p.app.LeadChart(ctx, u, app.LeadChartInput{Name: ch.name, Periods: chartPeriods})
			v.Charts[i], errs[i] = newBarChart(ch.name, ch.title, chartPeriodLabels(now, chartPeriods, ch.weekly), pts), err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		p.failed(c, err)
		return
	}
	if c.Query("fragment") == "" {
		p.render(c, http.StatusOK, "lead_charts", "leads", "Lead charts", v)
		return
	}
	var buf bytes.Buffer
	if err := p.views.pages["lead_charts"].ExecuteTemplate(&buf, "leadcharts", v); err != nil {
		p.failed(c, err)
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}
