-- name: insert_outbox
-- Keyed by the action's idempotency key: a repeated action queues nothing new.
INSERT INTO outbox (idem_key, campaign_id, participant_id, contact_id, to_addr, subject, body, message_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (idem_key) DO NOTHING;

-- name: insert_activity
INSERT INTO activities (id, idem_key, contact_id, campaign_id, participant_id, kind, owner_id, subject, details, due_at)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (idem_key) DO NOTHING;

-- name: insert_opportunity
INSERT INTO opportunities (id, idem_key, contact_id, campaign_id, description, expected_revenue)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)
ON CONFLICT (idem_key) DO NOTHING;

-- name: pending_outbox_keys
SELECT idem_key FROM outbox WHERE participant_id = ANY($1::uuid[]) AND status = 'pending' ORDER BY idem_key;

-- name: outbox_pending_by_keys
SELECT idem_key, to_addr, subject, body, message_id, html, attachments FROM outbox
WHERE idem_key = ANY($1::text[]) AND status = 'pending' ORDER BY idem_key;

-- name: mark_outbox_sent
UPDATE outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = ''
WHERE idem_key = $1 AND status = 'pending';

-- name: mark_outbox_error
-- $3 = true when the error is permanent (the server refused the message for good).
UPDATE outbox SET attempts = attempts + 1, last_error = $2,
    status = CASE WHEN $3 THEN 'failed' ELSE status END
WHERE idem_key = $1 AND status = 'pending';

-- name: outbox_count_for_campaign
SELECT count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status = 'pending'),
    count(*) FILTER (WHERE status = 'failed')
FROM outbox WHERE campaign_id = $1;
