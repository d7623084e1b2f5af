-- name: insert_campaign
INSERT INTO campaigns (id, name, priority, manager_id, start_date, end_date, folder_id,
    allocation_model, allocation_role, description, security, workflow, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);

-- name: get_campaign
SELECT id, name, priority, stage, coalesce(manager_id::text, ''), start_date, end_date,
    coalesce(folder_id::text, ''), allocation_model, allocation_role, description, security,
    workflow, created_at, updated_at
FROM campaigns WHERE id = $1;

-- name: set_campaign_stage
-- Compare-and-set: the stage moves only from the stage the caller saw, so two
-- concurrent moves cannot both win.
UPDATE campaigns SET stage = $3, updated_at = now() WHERE id = $1 AND stage = $2;

-- name: campaign_stage
SELECT stage FROM campaigns WHERE id = $1;
