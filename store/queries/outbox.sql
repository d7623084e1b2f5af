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
--
-- The suppression rule of every send path lives here, so it holds at send
-- time whenever a message was queued: a row whose address is on the
-- suppression list, or whose contact or lead has consent_to_contact false,
-- ends 'suppressed' (last_error "suppressed: REASON") instead of being
-- claimed, and the activity written under its key says so. It is returned
-- with its reason, so the sender counts it and sends nothing.
WITH free AS (
    SELECT o.idem_key, coalesce(
        (SELECT s.reason FROM suppressions s WHERE s.address = lower(btrim(o.to_addr))),
        CASE WHEN EXISTS (SELECT 1 FROM contacts c WHERE c.id = o.contact_id AND NOT c.consent_to_contact)
               OR EXISTS (SELECT 1 FROM leads l WHERE l.id = o.lead_id AND NOT l.consent_to_contact)
             THEN 'no_consent' END,
        '') AS suppressed
    FROM outbox o
    WHERE o.idem_key = ANY($1::text[])
      AND (o.status = 'pending' OR (o.status = 'sending' AND o.claimed_until < now()))
    ORDER BY o.idem_key LIMIT $4
    FOR UPDATE OF o SKIP LOCKED
),
claimed AS (
    UPDATE outbox o SET
        status = CASE WHEN free.suppressed = '' THEN 'sending' ELSE 'suppressed' END,
        claimed_by = $2,
        claimed_until = CASE WHEN free.suppressed = '' THEN now() + $3::float8 * interval '1 millisecond' END,
        attempts = o.attempts + CASE WHEN free.suppressed = '' THEN 1 ELSE 0 END,
        last_error = CASE WHEN free.suppressed = '' THEN o.last_error ELSE 'suppressed: ' || free.suppressed END
    FROM free WHERE o.idem_key = free.idem_key
    RETURNING o.idem_key, o.to_addr, o.subject, o.body, o.message_id, o.html, o.attachment_ids::text[],
        coalesce(o.contact_id::text, '') AS contact_id, coalesce(o.lead_id, 0) AS lead_id,
        coalesce(o.campaign_id::text, '') AS campaign_id, coalesce(o.drip_campaign_id::text, '') AS drip_campaign_id,
        coalesce(o.batch_id::text, '') AS batch_id, o.from_name, o.from_addr, o.reply_to, free.suppressed
),
noted AS (
    UPDATE activities a SET details = a.details || jsonb_build_object('suppressed', c.suppressed)
    FROM claimed c WHERE c.suppressed <> '' AND a.idem_key = c.idem_key
)
SELECT * FROM claimed;

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
