-- name: insert_first_version
-- A new campaign's version 1 is a Draft holding its first definition.
INSERT INTO campaign_versions (campaign_id, version, status, workflow) VALUES ($1, 1, 'Draft', $2);

-- name: list_versions
SELECT v.campaign_id, v.version, v.status, v.version = c.current_version, v.workflow,
    v.audience_type, coalesce(v.customer_group_id::text, ''), v.send_to, v.customer_status, v.lead_filters,
    v.fields, v.audience_send_window, v.created_at, v.status_since, v.published_at
FROM campaign_versions v JOIN campaigns c ON c.id = v.campaign_id
WHERE v.campaign_id = $1
ORDER BY v.version;

-- name: get_version
SELECT v.campaign_id, v.version, v.status, v.version = c.current_version, v.workflow,
    v.audience_type, coalesce(v.customer_group_id::text, ''), v.send_to, v.customer_status, v.lead_filters,
    v.fields, v.audience_send_window, v.created_at, v.status_since, v.published_at
FROM campaign_versions v JOIN campaigns c ON c.id = v.campaign_id
WHERE v.campaign_id = $1 AND v.version = $2;

-- name: get_current_version
SELECT v.campaign_id, v.version, v.status, true, v.workflow,
    v.audience_type, coalesce(v.customer_group_id::text, ''), v.send_to, v.customer_status, v.lead_filters,
    v.fields, v.audience_send_window, v.created_at, v.status_since, v.published_at
FROM campaign_versions v JOIN campaigns c ON c.id = v.campaign_id AND v.version = c.current_version
WHERE v.campaign_id = $1;

-- name: lock_campaign_versions
-- Serialises every version change of one campaign: its row is locked first.
SELECT stage, current_version FROM campaigns WHERE id = $1 FOR UPDATE;

-- name: lock_version
SELECT v.campaign_id, v.version, v.status, false, v.workflow,
    v.audience_type, coalesce(v.customer_group_id::text, ''), v.send_to, v.customer_status, v.lead_filters,
    v.fields, v.audience_send_window, v.created_at, v.status_since, v.published_at
FROM campaign_versions v
WHERE v.campaign_id = $1 AND v.version = $2
FOR UPDATE;

-- name: count_live_versions
SELECT count(*) FROM campaign_versions WHERE campaign_id = $1 AND status <> 'Deleted';

-- name: copy_version
-- A new Draft copied from version $2, numbered after the highest one.
INSERT INTO campaign_versions (campaign_id, version, status, workflow, fields, audience_type,
    customer_group_id, send_to, customer_status, lead_filters, audience_send_window)
SELECT campaign_id, (SELECT max(version) + 1 FROM campaign_versions WHERE campaign_id = $1), 'Draft',
    workflow, fields, audience_type, customer_group_id, send_to, customer_status, lead_filters, audience_send_window
FROM campaign_versions WHERE campaign_id = $1 AND version = $2
RETURNING version;

-- name: set_version_status
UPDATE campaign_versions SET status = $3, status_since = now(), updated_at = now(),
    published_at = CASE WHEN $3 = 'Published' THEN now() ELSE published_at END
WHERE campaign_id = $1 AND version = $2;

-- name: sundown_older_versions
-- Publishing a version sundowns the older live ones: their running
-- participants finish, nothing new enrolls into them.
UPDATE campaign_versions SET status = 'Sundown', status_since = now(), updated_at = now()
WHERE campaign_id = $1 AND version < $2 AND status IN ('Published', 'Test');

-- name: set_current_version
-- The current version is the highest one that is not Deleted (the highest of
-- all when every version is deleted); the campaign's workflow is its copy.
UPDATE campaigns c SET current_version = cur.version, workflow = cur.workflow, updated_at = now()
FROM (SELECT version, workflow FROM campaign_versions WHERE campaign_id = $1
      ORDER BY (status <> 'Deleted') DESC, version DESC LIMIT 1) cur
WHERE c.id = $1;

-- name: set_version_workflow
UPDATE campaign_versions SET workflow = $3, updated_at = now() WHERE campaign_id = $1 AND version = $2;

-- name: set_version_fields
UPDATE campaign_versions SET fields = $3, updated_at = now() WHERE campaign_id = $1 AND version = $2;

-- name: set_version_audience
UPDATE campaign_versions SET audience_type = $3, customer_group_id = $4, send_to = $5, customer_status = $6,
    lead_filters = $7, audience_send_window = $8, updated_at = now()
WHERE campaign_id = $1 AND version = $2;

-- name: version_participants
-- Participants running a version's definition (initiated, so not Targeted),
-- for the "contracts with outdated settings" warning.
SELECT p.id, c.first_name, c.last_name, p.status
FROM participants p JOIN contacts c ON c.id = p.contact_id
WHERE p.campaign_id = $1 AND p.version = $2 AND p.status <> 'Targeted'
ORDER BY p.id;

-- name: version_counts
SELECT version, count(*) FROM participants WHERE campaign_id = $1 GROUP BY version;
