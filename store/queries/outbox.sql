-- Claims on the two keyed outboxes (emails in outbox, text messages in
-- sms_outbox). A sender claims rows before it sends them: status 'sending',
-- claimed_by its claim id, claimed_until now + its lease. Only a pending row,
-- or one whose claim expired (its sender died), can be claimed, so two
-- senders never hold the same row. Each row is marked sent on its own as soon
-- as its message was accepted. Leases are in milliseconds ($3).

-- name: outbox_claim
-- Claims up to $4 of the keyed emails for claim $2. Rows another claim is
-- taking at this instant are skipped, not waited for (SKIP LOCKED): they are
-- that sender's. Each claim counts as an attempt.
WITH free AS (
    SELECT idem_key FROM outbox
    WHERE idem_key = ANY($1::text[])
      AND (status = 'pending' OR (status = 'sending' AND claimed_until < now()))
    ORDER BY idem_key LIMIT $4
    FOR UPDATE SKIP LOCKED
)
UPDATE outbox o SET status = 'sending', claimed_by = $2,
    claimed_until = now() + $3::float8 * interval '1 millisecond', attempts = o.attempts + 1
FROM free WHERE o.idem_key = free.idem_key
RETURNING o.idem_key, o.to_addr, o.subject, o.body, o.message_id, o.html, o.attachment_ids::text[];

-- name: outbox_renew
-- Extends claim $2 on the keyed rows it still holds.
UPDATE outbox SET claimed_until = now() + $3::float8 * interval '1 millisecond'
WHERE idem_key = ANY($1::text[]) AND status = 'sending' AND claimed_by = $2;

-- name: outbox_unsent
-- Those of the keyed emails not sent or failed yet (pending or claimed).
SELECT idem_key FROM outbox WHERE idem_key = ANY($1::text[]) AND status IN ('pending', 'sending') ORDER BY idem_key;

-- name: outbox_sent
-- The server accepted the message: the row says so whoever holds the claim
-- now (a sender whose claim expired still delivered it).
UPDATE outbox SET status = 'sent', sent_at = now(), last_error = '', claimed_until = NULL
WHERE idem_key = $1 AND status IN ('pending', 'sending');

-- name: outbox_release
-- Hands back claim $2 on the keyed rows it still holds: pending again after
-- a passing failure or when they were never tried, failed for good when $4.
UPDATE outbox SET status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END, claimed_until = NULL, last_error = $3
WHERE idem_key = ANY($1::text[]) AND status = 'sending' AND claimed_by = $2;

-- name: sms_outbox_claim
-- outbox_claim for text messages.
WITH free AS (
    SELECT idem_key FROM sms_outbox
    WHERE idem_key = ANY($1::text[])
      AND (status = 'pending' OR (status = 'sending' AND claimed_until < now()))
    ORDER BY idem_key LIMIT $4
    FOR UPDATE SKIP LOCKED
)
UPDATE sms_outbox o SET status = 'sending', claimed_by = $2,
    claimed_until = now() + $3::float8 * interval '1 millisecond', attempts = o.attempts + 1
FROM free WHERE o.idem_key = free.idem_key
RETURNING o.idem_key, o.to_phone, o.body;

-- name: sms_outbox_renew
UPDATE sms_outbox SET claimed_until = now() + $3::float8 * interval '1 millisecond'
WHERE idem_key = ANY($1::text[]) AND status = 'sending' AND claimed_by = $2;

-- name: sms_outbox_unsent
SELECT idem_key FROM sms_outbox WHERE idem_key = ANY($1::text[]) AND status IN ('pending', 'sending') ORDER BY idem_key;

-- name: sms_outbox_sent
UPDATE sms_outbox SET status = 'sent', sent_at = now(), last_error = '', claimed_until = NULL
WHERE idem_key = $1 AND status IN ('pending', 'sending');

-- name: sms_outbox_release
UPDATE sms_outbox SET status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END, claimed_until = NULL, last_error = $3
WHERE idem_key = ANY($1::text[]) AND status = 'sending' AND claimed_by = $2;
