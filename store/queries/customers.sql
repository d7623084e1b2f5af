-- name: insert_customer_group
INSERT INTO customer_groups (id, name, description) VALUES ($1, $2, $3);

-- name: list_customer_groups
SELECT g.id, g.name, g.description,
    (SELECT count(*) FROM customer_group_members m WHERE m.group_id = g.id), g.created_at, g.updated_at
FROM customer_groups g ORDER BY lower(g.name), g.id;

-- name: get_customer_group
SELECT g.id, g.name, g.description,
    (SELECT count(*) FROM customer_group_members m WHERE m.group_id = g.id), g.created_at, g.updated_at
FROM customer_groups g WHERE g.id = $1;

-- name: update_customer_group
UPDATE customer_groups SET name = $2, description = $3, updated_at = now() WHERE id = $1;

-- name: delete_customer_group
DELETE FROM customer_groups WHERE id = $1;

-- name: customer_group_users
-- Campaigns whose versions (not deleted) target the group, for the refusal of its deletion.
SELECT DISTINCT c.name FROM campaign_versions v JOIN campaigns c ON c.id = v.campaign_id
WHERE v.customer_group_id = $1 ORDER BY c.name;

-- name: missing_customer_groups
SELECT want.id::text FROM unnest($1::uuid[]) AS want(id)
WHERE NOT EXISTS (SELECT 1 FROM customer_groups g WHERE g.id = want.id);

-- name: lock_contact_customer
-- An erased contact is not found.
SELECT coalesce(customer_status, '') FROM contacts WHERE id = $1 AND erased_at IS NULL FOR UPDATE;

-- name: set_customer_status
UPDATE contacts SET customer_status = $2, updated_at = now() WHERE id = $1;

-- name: remove_customer_groups
-- Drops the memberships not listed in $2.
DELETE FROM customer_group_members WHERE contact_id = $1 AND NOT (group_id = ANY($2::uuid[]));

-- name: add_customer_groups
INSERT INTO customer_group_members (group_id, contact_id)
SELECT g, $1 FROM unnest($2::uuid[]) AS g
ON CONFLICT DO NOTHING;

-- name: customer_groups_of
SELECT group_id::text FROM customer_group_members WHERE contact_id = $1 ORDER BY group_id;

-- name: get_contact_customer
SELECT coalesce(customer_status, '') FROM contacts WHERE id = $1 AND erased_at IS NULL;
