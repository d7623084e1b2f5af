-- name: ensure_default_template
-- Creates the "Default campaign workflow" on first use; afterwards it belongs
-- to the administrators, who may edit it (but not delete it).
INSERT INTO workflow_templates (id, name, description, version, definition)
VALUES ($1, $2, $3, 1, $4)
ON CONFLICT DO NOTHING;

-- name: list_templates
SELECT id, name, description, version, definition, created_at, updated_at
FROM workflow_templates ORDER BY lower(name), id;

-- name: get_template
SELECT id, name, description, version, definition, created_at, updated_at
FROM workflow_templates WHERE id = $1;

-- name: insert_template
INSERT INTO workflow_templates (id, name, description, version, definition)
VALUES ($1, $2, $3, 1, $4);

-- name: update_template
-- Every update makes a new version, which campaigns that copied an older one
-- may reload.
UPDATE workflow_templates SET name = $2, description = $3, definition = $4,
    version = version + 1, updated_at = now()
WHERE id = $1;

-- name: delete_template
DELETE FROM workflow_templates WHERE id = $1;

-- name: campaign_workflow
-- A campaign's workflow copy with its stage, its template link and the
-- template's current version (0 when it has none).
SELECT c.stage, c.workflow, coalesce(c.workflow_template_id::text, ''), coalesce(t.version, 0)
FROM campaigns c LEFT JOIN workflow_templates t ON t.id = c.workflow_template_id
WHERE c.id = $1;

-- name: lock_campaign_workflow
SELECT c.stage, c.workflow, coalesce(c.workflow_template_id::text, ''), coalesce(t.version, 0)
FROM campaigns c LEFT JOIN workflow_templates t ON t.id = c.workflow_template_id
WHERE c.id = $1
FOR UPDATE OF c;

-- name: campaign_statuses_in_use
-- Statuses held by the participants of version $2 (participants of older
-- versions run their own definition).
SELECT DISTINCT status FROM participants WHERE campaign_id = $1 AND version = $2 ORDER BY status;

-- name: set_campaign_workflow
UPDATE campaigns SET workflow = $2, workflow_template_id = $3, updated_at = now() WHERE id = $1;
