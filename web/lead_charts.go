package web

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
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

// periodChart is a chart of the leads of each period, oldest first, each
// bar split by the points' series (a source type, a status) in name order;
// a point outside the periods is left out (the database's clock may have
// passed a period's end).
func periodChart(id, title, empty string, periods []string, pts []store.ChartPoint) barChart {
	var series []string
	for _, pt := range pts {
		if slices.Contains(periods, pt.Period) && !slices.Contains(series, pt.Series) {
			series = append(series, pt.Series)
		}
	}
	slices.Sort(series)
	labels, counts := make([]string, len(periods)), make([][]int, len(periods))
	for i, period := range periods {
		labels[i], counts[i] = periodLabel(period), make([]int, len(series))
	}
	for _, pt := range pts {
		if i := slices.Index(periods, pt.Period); i >= 0 {
			counts[i][slices.Index(series, pt.Series)] += pt.Count
		}
	}
	return newStackedChart(id, title, empty, "lead", labels, series, counts)
}

// periodLabel names a period: "Nov 2026" for a month, "Week of 23 Nov" for
// a week (its Monday).
func periodLabel(p string) string {
	if t, err := time.Parse("2006-01", p); err == nil {
		return t.Format("Jan 2006")
	}
	if t, err := time.Parse(time.DateOnly, p); err == nil {
		return t.Format("Week of 2 Jan")
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
		name, title, empty string
		weekly             bool
	}{{"lead-source-by-month", "Lead Source by Month", "No leads in these months.", false},
		{"leads-converted-by-week", "Leads Converted by Week", "No lead converted in these weeks.", true},
		{"lead-status-by-month", "Lead Status by Month", "No leads in these months.", false}}
	// Each chart is one aggregate over the leads of its periods: they are
	// read at the same time, on connections of their own.
	v := leadChartsView{Charts: make([]barChart, len(charts))}
	errs := make([]error, len(charts))
	ctx, u := c.Request.Context(), user(c)
	var wg sync.WaitGroup
	for i, ch := range charts {
		wg.Go(func() {
			pts, err := p.app.LeadChart(ctx, u, app.LeadChartInput{Name: ch.name, Periods: chartPeriods})
			v.Charts[i], errs[i] = periodChart("chart-"+ch.name, ch.title, ch.empty, chartPeriodLabels(now, chartPeriods, ch.weekly), pts), err
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
