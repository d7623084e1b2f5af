-- name: list_campaign_opportunities
-- Keyset page of a campaign's opportunities, newest first ($2/$3 = created_at
-- and id of the last row seen, or nil).
SELECT o.id, o.contact_id, coalesce(o.campaign_id::text, ''), o.description, o.stage,
    o.expected_revenue::float8, o.probability, o.close_date, o.locked, c.first_name, c.last_name,
    o.created_at, o.updated_at
FROM opportunities o JOIN contacts c ON c.id = o.contact_id
WHERE o.campaign_id = $1 AND ($2::timestamptz IS NULL OR (o.created_at, o.id) < ($2::timestamptz, $3::uuid))
ORDER BY o.created_at DESC, o.id DESC
LIMIT $4;

-- name: lock_opportunity
SELECT o.id, o.contact_id, coalesce(o.campaign_id::text, ''), o.description, o.stage,
    o.expected_revenue::float8, o.probability, o.close_date, o.locked, c.first_name, c.last_name,
    o.created_at, o.updated_at
FROM opportunities o JOIN contacts c ON c.id = o.contact_id
WHERE o.id = $1
FOR UPDATE OF o;

-- name: get_opportunity
SELECT o.id, o.contact_id, coalesce(o.campaign_id::text, ''), o.description, o.stage,
    o.expected_revenue::float8, o.probability, o.close_date, o.locked, c.first_name, c.last_name,
    o.created_at, o.updated_at
FROM opportunities o JOIN contacts c ON c.id = o.contact_id
WHERE o.id = $1;

-- name: update_opportunity
UPDATE opportunities SET description = $2, stage = $3, expected_revenue = $4, probability = $5,
    close_date = $6, locked = $7, updated_at = now()
WHERE id = $1;

-- name: pipeline_chart
-- Expected revenue per opportunity stage; a stage without opportunities has
-- no row, so it never shows on the chart. Test opportunities are left out.
SELECT stage, count(*), sum(expected_revenue)::float8
FROM opportunities WHERE campaign_id = $1 AND NOT is_test
GROUP BY stage;

-- name: participants_by_status
-- Participants per status; a status nobody holds has no row.
-- Test participants (of a test run) are left out.
SELECT status, count(*) FROM participants WHERE campaign_id = $1 AND NOT is_test GROUP BY status;
