-- name: insert_campaign
-- The campaign is linked to the template its workflow copy names, so that it
-- can later reload a newer version of it.
INSERT INTO campaigns (id, name, priority, manager_id, start_date, end_date, folder_id,
    allocation_model, allocation_role, description, security, workflow, created_by, workflow_template_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
    (SELECT t.id FROM workflow_templates t WHERE t.name = $12::jsonb->>'template'));

-- name: get_campaign
SELECT id, name, priority, stage, coalesce(manager_id::text, ''), start_date, end_date,
    coalesce(folder_id::text, ''), allocation_model, allocation_role, description, security,
    workflow, current_version,
    (SELECT v.status FROM campaign_versions v WHERE v.campaign_id = c.id AND v.version = c.current_version),
    test_recipients, created_at, updated_at
FROM campaigns c WHERE id = $1;

-- name: set_campaign_stage
-- Compare-and-set: the stage moves only from the stage the caller saw, so two
-- concurrent moves cannot both win.
UPDATE campaigns SET stage = $3, updated_at = now() WHERE id = $1 AND stage = $2;

-- name: campaign_stage
SELECT stage FROM campaigns WHERE id = $1;

-- name: lock_campaign
SELECT id, name, priority, stage, coalesce(manager_id::text, ''), start_date, end_date,
    coalesce(folder_id::text, ''), allocation_model, allocation_role, description, security,
    workflow, current_version,
    (SELECT v.status FROM campaign_versions v WHERE v.campaign_id = c.id AND v.version = c.current_version),
    test_recipients, created_at, updated_at
FROM campaigns c WHERE id = $1
FOR UPDATE OF c;

-- name: update_campaign
-- Every user-settable field; the stage is owned by the campaign's workflow and
-- is never written here.
UPDATE campaigns SET name = $2, priority = $3, manager_id = $4, start_date = $5, end_date = $6,
    folder_id = $7, allocation_model = $8, allocation_role = $9, description = $10, security = $11,
    updated_at = now()
WHERE id = $1;

-- name: delete_campaign
-- Refuses, in the same statement, a campaign that is in progress: a
-- concurrent start either happens before (nothing is deleted) or finds no
-- campaign left to start.
DELETE FROM campaigns WHERE id = $1 AND stage <> 'in_progress';

-- name: list_campaigns
-- One keyset page of campaigns. store.ListCampaigns fills in {{key}} (the
-- sort expression), {{type}} (its SQL type), {{cmp}} (> or <) and {{dir}}
-- (ASC or DESC) from a fixed table, never from user input. The last column is
-- the row's sort key as text, which the next page's cursor carries back as
-- $5 (with the row id as $6). Only the campaigns the viewer ($8-$10) may
-- see are listed.
SELECT id, name, priority, stage, coalesce(manager_id::text, ''), start_date, end_date,
    coalesce(folder_id::text, ''), allocation_model, allocation_role, description, security,
    workflow, current_version,
    (SELECT v.status FROM campaign_versions v WHERE v.campaign_id = c.id AND v.version = c.current_version),
    test_recipients, created_at, updated_at, ({{key}})::text
FROM campaigns c
WHERE ($1::text = '' OR search @@ to_tsquery('simple', $1::text))
  AND ($2::uuid IS NULL OR manager_id = $2::uuid)
  AND ($3::text = '' OR stage = $3::text)
  AND ($4::text = '' OR priority = $4::text)
  AND ($5::text IS NULL OR (({{key}}), c.id) {{cmp}} ($5::text::{{type}}, $6::uuid))
  AND {{campaign_visible c $8 $9 $10}}
ORDER BY {{key}} {{dir}}, c.id {{dir}}
LIMIT $7;

-- name: campaign_access
-- Whether the viewer ($2-$4) may see campaign $1, and the status of its
-- current version (Deleted only when every version is deleted).
SELECT {{campaign_visible c $2 $3 $4}},
    (SELECT v.status FROM campaign_versions v WHERE v.campaign_id = c.id AND v.version = c.current_version)
FROM campaigns c WHERE c.id = $1;

-- name: campaign_folder_choices
-- The Document Manager folders a campaign may name, by name: the choices
-- of the campaign form's Folder field.
SELECT id, name FROM folders ORDER BY lower(name), id LIMIT $1;
