-- name: insert_lead_activity
INSERT INTO lead_activities (id, lead_id, kind, subject, details, due_at, done, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: get_lead_activity
SELECT id, lead_id, kind, subject, details, due_at, done, coalesce(created_by::text, ''), created_at, updated_at
FROM lead_activities WHERE id = $1 AND lead_id = $2;

-- name: lock_lead_activity
SELECT id, lead_id, kind, subject, details, due_at, done, coalesce(created_by::text, ''), created_at, updated_at
FROM lead_activities WHERE id = $1 AND lead_id = $2 FOR UPDATE;

-- name: update_lead_activity
UPDATE lead_activities SET kind = $3, subject = $4, details = $5, due_at = $6, done = $7, updated_at = now()
WHERE id = $1 AND lead_id = $2;

-- name: delete_lead_activity
DELETE FROM lead_activities WHERE id = $1 AND lead_id = $2;

-- name: list_lead_activities
SELECT id, lead_id, kind, subject, details, due_at, done, coalesce(created_by::text, ''), created_at, updated_at
FROM lead_activities WHERE lead_id = $1 ORDER BY created_at, id;

-- name: insert_lead_note
INSERT INTO lead_notes (id, lead_id, text, created_by) VALUES ($1, $2, $3, $4);

-- name: get_lead_note
SELECT id, lead_id, text, coalesce(created_by::text, ''), created_at, updated_at
FROM lead_notes WHERE id = $1 AND lead_id = $2;

-- name: lock_lead_note
SELECT id, lead_id, text, coalesce(created_by::text, ''), created_at, updated_at
FROM lead_notes WHERE id = $1 AND lead_id = $2 FOR UPDATE;

-- name: update_lead_note
UPDATE lead_notes SET text = $3, updated_at = now() WHERE id = $1 AND lead_id = $2;

-- name: delete_lead_note
DELETE FROM lead_notes WHERE id = $1 AND lead_id = $2;

-- name: list_lead_notes
SELECT id, lead_id, text, coalesce(created_by::text, ''), created_at, updated_at
FROM lead_notes WHERE lead_id = $1 ORDER BY created_at, id;

-- name: lock_lead
SELECT id FROM leads WHERE id = $1 FOR SHARE;
