-- name: chart_lead_source_by_month
-- Test leads are never in a chart.
-- Leads created per month and source type over the last $1 months. The
-- rows are counted by period first and only the few groups formatted, so
-- a million leads are one index-only scan of leads_chart_idx and a hash.
SELECT to_char(m, 'YYYY-MM') AS period, source_type, n FROM (
    SELECT date_trunc('month', created_at) AS m, source_type, count(*) AS n
    FROM leads
    WHERE NOT is_test AND created_at >= date_trunc('month', now()) - make_interval(months => $1 - 1)
    GROUP BY 1, 2
) g ORDER BY 1, 2;

-- name: chart_leads_converted_by_week
-- Conversions per ISO week (starting Monday) over the last $1 weeks (an
-- index-only scan of leads_converted_idx).
SELECT to_char(w, 'YYYY-MM-DD') AS period, '' AS series, n FROM (
    SELECT date_trunc('week', converted_at) AS w, count(*) AS n
    FROM leads
    WHERE NOT is_test AND converted_at >= date_trunc('week', now()) - make_interval(weeks => $1 - 1)
    GROUP BY 1
) g ORDER BY 1;

-- name: chart_lead_status_by_month
-- Leads created per month by their current status over the last $1 months.
SELECT to_char(m, 'YYYY-MM') AS period, status, n FROM (
    SELECT date_trunc('month', created_at) AS m, status, count(*) AS n
    FROM leads
    WHERE NOT is_test AND created_at >= date_trunc('month', now()) - make_interval(months => $1 - 1)
    GROUP BY 1, 2
) g ORDER BY 1, 2;
