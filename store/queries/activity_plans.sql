-- name: insert_plan_template
INSERT INTO activity_plan_templates (id, name, active, steps) VALUES ($1, $2, $3, $4);

-- name: patch_plan_template
-- Changes only the fields given (NULL keeps a column), in one statement, so
-- two edits of different fields at once both stay.
UPDATE activity_plan_templates
SET name = coalesce($2, name), steps = coalesce($3::jsonb, steps), active = coalesce($4, active)
WHERE id = $1
RETURNING id, name, active, steps, created_at;

-- name: get_plan_template
SELECT id, name, active, steps, created_at FROM activity_plan_templates WHERE id = $1;

-- name: list_plan_templates
SELECT id, name, active, steps, created_at FROM activity_plan_templates ORDER BY name, id;

-- name: contact_activities
-- Newest first, keyset on (created_at, id). The items of campaigns the
-- viewer ($5-$7) may not see are left out.
SELECT id, contact_id, coalesce(campaign_id::text, ''), kind, coalesce(owner_id::text, ''), subject, details, due_at, created_at
FROM activities a
WHERE contact_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
  AND {{campaign_record_visible a.campaign_id $5 $6 $7}}
ORDER BY created_at DESC, id DESC LIMIT $4;
