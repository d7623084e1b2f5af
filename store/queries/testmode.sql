-- name: mark_test_opportunity
-- A test participant's records are flagged test, so charts and reports leave them out.
UPDATE opportunities SET is_test = true WHERE idem_key = $1 AND NOT is_test;

-- name: mark_test_activity
UPDATE activities SET is_test = true WHERE idem_key = $1 AND NOT is_test;

-- name: insert_participant_sms
-- Keyed by the action's idempotency key: a repeated action queues nothing new.
INSERT INTO sms_outbox (idem_key, campaign_id, participant_id, contact_id, to_phone, body, is_test)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (idem_key) DO NOTHING;

-- name: add_score_points
-- Adds the points only when this key was not recorded before.
WITH ev AS (
    INSERT INTO score_events (idem_key, contact_id, campaign_id, points)
    VALUES ($1, $2, $3, $4)
    ON CONFLICT (idem_key) DO NOTHING
    RETURNING contact_id, points
)
UPDATE contacts c SET score = c.score + ev.points FROM ev WHERE c.id = ev.contact_id;

-- name: pending_participant_sms
-- The participants' text messages not sent yet: pending, or claimed by a sender.
SELECT idem_key FROM sms_outbox
WHERE participant_id = ANY($1::uuid[]) AND status IN ('pending', 'sending') ORDER BY idem_key;
