package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// ChartPoint is one bar of a lead chart: a period (month "2026-11" or week
// "2026-11-23"), a series (source type or status; "" for a single series)
// and a count.
type ChartPoint struct {
	Period string `json:"period"`
	Series string `json:"series,omitempty"`
	Count  int    `json:"count"`
}

// leadCharts maps chart names to their queries.
var leadCharts = map[string]string{
	"lead-source-by-month":    "chart_lead_source_by_month",
	"leads-converted-by-week": "chart_leads_converted_by_week",
	"lead-status-by-month":    "chart_lead_status_by_month",
}

// LeadChartKnown reports whether a chart name exists.
func LeadChartKnown(name string) bool { _, ok := leadCharts[name]; return ok }

// LeadChart computes a chart over the last n periods (months or weeks).
func (s *Store) LeadChart(ctx context.Context, name string, n int) ([]ChartPoint, error) {
	rows, err := s.pool.Query(ctx, q(leadCharts[name]), n)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (ChartPoint, error) {
		var p ChartPoint
		err := r.Scan(&p.Period, &p.Series, &p.Count)
		return p, err
	})
}
