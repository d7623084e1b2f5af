-- name: chart_lead_source_by_month
-- Test leads are never in a chart.
-- Leads created per month and source type over the last $1 months.
SELECT to_char(date_trunc('month', created_at), 'YYYY-MM') AS period, source_type, count(*)
FROM leads
WHERE NOT is_test AND created_at >= date_trunc('month', now()) - make_interval(months => $1 - 1)
GROUP BY 1, 2 ORDER BY 1, 2;

-- name: chart_leads_converted_by_week
-- Conversions per ISO week (starting Monday) over the last $1 weeks.
SELECT to_char(date_trunc('week', converted_at), 'YYYY-MM-DD') AS period, '' AS series, count(*)
FROM leads
WHERE NOT is_test AND converted_at >= date_trunc('week', now()) - make_interval(weeks => $1 - 1)
GROUP BY 1 ORDER BY 1;

-- name: chart_lead_status_by_month
-- Leads created per month by their current status over the last $1 months.
SELECT to_char(date_trunc('month', created_at), 'YYYY-MM') AS period, status, count(*)
FROM leads
WHERE NOT is_test AND created_at >= date_trunc('month', now()) - make_interval(months => $1 - 1)
GROUP BY 1, 2 ORDER BY 1, 2;
