-- name: lock_campaign_row
SELECT id FROM campaigns WHERE id = $1 FOR UPDATE;

-- name: add_allocated_participants
-- The allocation model decides each new participant's owner. "Campaign User":
-- the user covering the contact in the campaign's allocation role (the
-- earliest such coverage), else the campaign manager. No model: the manager.
INSERT INTO participants (id, campaign_id, contact_id, owner_id, status)
SELECT gen_random_uuid(), $1, c,
    CASE WHEN $4 = 'Campaign User' THEN coalesce(
        (SELECT cc.user_id FROM contact_coverage cc WHERE cc.contact_id = c AND cc.role = $5
         ORDER BY cc.created_at, cc.user_id LIMIT 1), $3::uuid)
    ELSE $3::uuid END,
    'Targeted'
FROM unnest($2::uuid[]) AS c
ON CONFLICT (campaign_id, contact_id) DO NOTHING;

-- name: add_filtered_participants
-- Same allocation as add_allocated_participants, for the contacts a
-- predefined filter selects; the filter's conditions replace the marker and
-- start at $6. ($2 is unused, kept so that both queries number alike.)
INSERT INTO participants (id, campaign_id, contact_id, owner_id, status)
SELECT gen_random_uuid(), $1, ct.id,
    CASE WHEN $4 = 'Campaign User' THEN coalesce(
        (SELECT cc.user_id FROM contact_coverage cc WHERE cc.contact_id = ct.id AND cc.role = $5
         ORDER BY cc.created_at, cc.user_id LIMIT 1), $3::uuid)
    ELSE $3::uuid END,
    'Targeted'
FROM contacts ct
WHERE ($2::text IS NULL) AND ct.erased_at IS NULL AND /*filter*/ TRUE
ON CONFLICT (campaign_id, contact_id) DO NOTHING;

-- name: insert_filter
INSERT INTO predefined_filters (id, name, conditions) VALUES ($1, $2, $3);

-- name: get_filter
SELECT id, name, conditions, created_at FROM predefined_filters WHERE id = $1;

-- name: list_filters
SELECT id, name, conditions, created_at FROM predefined_filters ORDER BY name, id;

-- name: insert_coverage
INSERT INTO contact_coverage (contact_id, user_id, role) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING;
