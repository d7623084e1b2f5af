-- name: insert_drip_campaign
INSERT INTO drip_campaigns (id, name, description, active, steps, trigger, created_by, from_name, from_address, reply_to,
    send_window, over_cap)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);

-- name: update_drip_campaign
-- Running enrollments keep the steps they started with (their workflow holds them).
UPDATE drip_campaigns SET name = $2, description = $3, active = $4, steps = $5, trigger = $6,
    from_name = $7, from_address = $8, reply_to = $9, send_window = $10, over_cap = $11, updated_at = now()
WHERE id = $1;

-- name: get_drip_campaign
SELECT id, name, description, active, steps, trigger, created_at, updated_at, from_name, from_address, reply_to, send_window, over_cap FROM drip_campaigns WHERE id = $1;

-- name: list_drip_campaigns
SELECT id, name, description, active, steps, trigger, created_at, updated_at, from_name, from_address, reply_to, send_window, over_cap FROM drip_campaigns ORDER BY name, id;

-- name: triggered_drip_campaigns
SELECT id, name, description, active, steps, trigger, created_at, updated_at, from_name, from_address, reply_to, send_window, over_cap FROM drip_campaigns
WHERE active AND trigger IS NOT NULL ORDER BY id;

-- name: available_drip_campaigns
-- Active campaigns never started for the contact, or whose enrollment was removed.
SELECT d.id, d.name, d.description, d.active, d.steps, d.trigger, d.created_at, d.updated_at,
    d.from_name, d.from_address, d.reply_to, d.send_window, d.over_cap
FROM drip_campaigns d
WHERE d.active AND NOT EXISTS (
    SELECT 1 FROM drip_enrollments e
    WHERE e.campaign_id = d.id AND e.contact_id = $1 AND e.status <> 'removed')
ORDER BY d.name, d.id;

-- name: live_drip_enrollments_count
SELECT count(*) FROM drip_enrollments WHERE campaign_id = $1 AND status IN ('scheduled', 'active', 'paused');

-- name: lock_drip_campaign
SELECT id FROM drip_campaigns WHERE id = $1 FOR UPDATE;

-- name: delete_drip_campaign
DELETE FROM drip_campaigns WHERE id = $1;

-- name: list_drip_enrollments
SELECT e.campaign_id, d.name, e.contact_id, e.enrollment_no, e.origin, e.status, e.start_at,
    CASE e.status WHEN 'finished' THEN e.finished_at WHEN 'removed' THEN e.removed_at
        ELSE (SELECT max(s.due_at) FROM drip_enrollment_steps s
              WHERE s.campaign_id = e.campaign_id AND s.contact_id = e.contact_id) END,
    (SELECT count(*) FROM drip_enrollment_steps s WHERE s.campaign_id = e.campaign_id AND s.contact_id = e.contact_id),
    (SELECT count(*) FROM drip_enrollment_steps s WHERE s.campaign_id = e.campaign_id AND s.contact_id = e.contact_id
        AND s.status = 'done'),
    e.updated_at, e.unsubscribed_at
FROM drip_enrollments e JOIN drip_campaigns d ON d.id = e.campaign_id
WHERE e.contact_id = $1 AND ($2::uuid IS NULL OR e.campaign_id = $2)
ORDER BY e.start_at DESC, d.name, e.campaign_id;

-- name: list_drip_steps
SELECT step_no, name, action, status, due_at, done_at, last_run_at, runs, result FROM drip_enrollment_steps
WHERE campaign_id = $1 AND contact_id = $2 ORDER BY step_no;

-- name: set_drip_step_result
UPDATE drip_enrollment_steps SET result = $5
WHERE campaign_id = $1 AND contact_id = $2 AND enrollment_no = $3 AND step_no = $4;

-- name: upsert_drip_enrollment
-- A new enrollment replaces the contact's previous (removed) one; a retried
-- write of the same enrollment, or a stale older one, changes nothing.
INSERT INTO drip_enrollments (campaign_id, contact_id, enrollment_no, origin, status, start_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (campaign_id, contact_id) DO UPDATE SET enrollment_no = EXCLUDED.enrollment_no,
    origin = EXCLUDED.origin, status = EXCLUDED.status, start_at = EXCLUDED.start_at,
    finished_at = NULL, removed_at = NULL, updated_at = now()
WHERE drip_enrollments.enrollment_no < EXCLUDED.enrollment_no;

-- name: delete_old_drip_steps
DELETE FROM drip_enrollment_steps WHERE campaign_id = $1 AND contact_id = $2 AND enrollment_no < $3;

-- name: insert_drip_step
INSERT INTO drip_enrollment_steps (campaign_id, contact_id, step_no, enrollment_no, name, action, due_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (campaign_id, contact_id, step_no) DO NOTHING;

-- name: set_drip_status
-- $4 is the time of the change: it becomes finished_at or removed_at.
UPDATE drip_enrollments SET status = $5,
    finished_at = CASE WHEN $5 = 'finished' THEN coalesce(finished_at, $4) ELSE finished_at END,
    removed_at = CASE WHEN $5 = 'removed' THEN coalesce(removed_at, $4) ELSE removed_at END,
    updated_at = now()
WHERE campaign_id = $1 AND contact_id = $2 AND enrollment_no = $3;

-- name: reset_drip_steps
-- Removal resets progress: every step is pending again, with no schedule.
UPDATE drip_enrollment_steps SET status = 'pending', due_at = NULL, done_at = NULL, last_run_at = NULL, runs = 0
WHERE campaign_id = $1 AND contact_id = $2 AND enrollment_no = $3;

-- name: skip_drip_step
UPDATE drip_enrollment_steps SET status = 'skipped'
WHERE campaign_id = $1 AND contact_id = $2 AND enrollment_no = $3 AND step_no = $4 AND status <> 'done';

-- name: lock_drip_enrollment
SELECT e.enrollment_no, d.name, c.id, c.first_name, c.last_name, c.email, c.phone, c.status, c.created_at,
    c.partner_type, c.tags
FROM drip_enrollments e JOIN drip_campaigns d ON d.id = e.campaign_id JOIN contacts c ON c.id = e.contact_id
WHERE e.campaign_id = $1 AND e.contact_id = $2
FOR UPDATE OF e;

-- name: done_drip_step
-- Marks a step's run: done_at keeps the first run, runs only grows.
UPDATE drip_enrollment_steps SET status = 'done', done_at = coalesce(done_at, $5), last_run_at = $5,
    runs = greatest(runs, $6)
WHERE campaign_id = $1 AND contact_id = $2 AND enrollment_no = $3 AND step_no = $4
RETURNING done_at;

-- name: insert_drip_outbox
-- With the drip campaign's sender, send window and over-cap choice as they
-- are now (see insert_outbox); $8 is the HTML body of an HTML step.
INSERT INTO outbox (idem_key, drip_campaign_id, contact_id, to_addr, subject, body, message_id, from_name, from_addr, reply_to,
    html, send_window, over_cap)
SELECT $1, $2, $3, $4, $5, $6, $7, coalesce(d.from_name, ''), coalesce(d.from_address, ''), coalesce(d.reply_to, ''),
    coalesce($8::text, ''), d.send_window, coalesce(d.over_cap, 'defer')
FROM (SELECT) AS one LEFT JOIN drip_campaigns d ON d.id = $2
ON CONFLICT (idem_key) DO NOTHING;

-- name: insert_drip_activity
INSERT INTO activities (id, idem_key, contact_id, drip_campaign_id, kind, subject, details, due_at)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (idem_key) DO NOTHING;

-- name: insert_sms
INSERT INTO sms_outbox (idem_key, drip_campaign_id, contact_id, to_phone, body)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (idem_key) DO NOTHING;

-- name: list_sms_for_contact
SELECT idem_key, to_phone, body, status FROM sms_outbox WHERE contact_id = $1 ORDER BY created_at, idem_key;
