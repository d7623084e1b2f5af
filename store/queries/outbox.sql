-- Claims on the two keyed outboxes (emails in outbox, text messages in
-- sms_outbox). A sender claims rows before it sends them: status 'sending',
-- claimed_by its claim id, claimed_until now + its lease. Only a pending row,
-- or one whose claim expired (its sender died), can be claimed, so two
-- senders never hold the same row. Each row is marked sent on its own as soon
-- as its message was accepted. Leases are in milliseconds ($3).

-- fragment: contact_refuses(contact_id)
-- Whether the contact refuses contact (consent_to_contact false): the
-- consent rule of both outboxes' claims.
EXISTS (SELECT 1 FROM contacts c WHERE c.id = {contact_id} AND NOT c.consent_to_contact)

-- fragment: outbox_suppression(o)
-- Why outbox row o must not be sent ('' when it may): its address is on the
-- suppression list, or its contact or lead has consent_to_contact false.
coalesce(
    (SELECT s.reason FROM suppressions s WHERE s.address = lower(btrim({o}.to_addr))),
    CASE WHEN {{contact_refuses {o}.contact_id}}
           OR EXISTS (SELECT 1 FROM leads l WHERE l.id = {o}.lead_id AND NOT l.consent_to_contact)
         THEN 'no_consent' END,
    '')

-- fragment: outbox_take(claim, lease)
-- The rest of a claim, after a CTE "free" of the rows picked (locked, with
-- their suppression reason): the free rows become claim {claim}'s for
-- {lease} ms, the suppressed ones end 'suppressed' (and the activity under
-- their key says so); both are returned with what the sender needs, the
-- recipient's time zone included (read now, so a zone changed since the
-- message was queued is the one that counts).
claimed AS (
    UPDATE outbox o SET
        status = CASE WHEN free.suppressed = '' THEN 'sending' ELSE 'suppressed' END,
        claimed_by = {claim},
        claimed_until = CASE WHEN free.suppressed = '' THEN now() + {lease}::float8 * interval '1 millisecond' END,
        attempts = o.attempts + CASE WHEN free.suppressed = '' THEN 1 ELSE 0 END,
        last_error = CASE WHEN free.suppressed = '' THEN o.last_error ELSE 'suppressed: ' || free.suppressed END
    FROM free WHERE o.idem_key = free.idem_key
    RETURNING o.idem_key, o.to_addr, o.subject, o.body, o.message_id, o.html, o.attachment_ids::text[],
        coalesce(o.contact_id::text, '') AS contact_id, coalesce(o.lead_id, 0) AS lead_id,
        coalesce(o.campaign_id::text, '') AS campaign_id, coalesce(o.drip_campaign_id::text, '') AS drip_campaign_id,
        coalesce(o.batch_id::text, '') AS batch_id, o.from_name, o.from_addr, o.reply_to, free.suppressed,
        coalesce((SELECT c.time_zone FROM contacts c WHERE c.id = o.contact_id),
                 (SELECT l.time_zone FROM leads l WHERE l.id = o.lead_id), '') AS time_zone,
        o.send_window, o.over_cap
),
noted AS (
    UPDATE activities a SET details = a.details || jsonb_build_object('suppressed', c.suppressed)
    FROM claimed c WHERE c.suppressed <> '' AND a.idem_key = c.idem_key
)
SELECT * FROM claimed

-- name: outbox_claim
-- Claims up to $4 of the keyed emails for claim $2. Rows another claim is
-- taking at this instant are skipped, not waited for (SKIP LOCKED): they are
-- that sender's. Each claim counts as an attempt. A row due later (a delayed
-- or deferred email) is left for the outbox sender.
--
-- The suppression rule of every send path lives here (outbox_suppression),
-- so it holds at send time whenever a message was queued: a row whose
-- address is listed, or whose recipient gave no consent, ends 'suppressed'
-- (last_error "suppressed: REASON") instead of being claimed, and is
-- returned with its reason, so the sender counts it and sends nothing.
WITH free AS (
    SELECT o.idem_key, {{outbox_suppression o}} AS suppressed
    FROM outbox o
    WHERE o.idem_key = ANY($1::text[])
      AND ((o.status = 'pending' AND (o.due_at IS NULL OR o.due_at <= now()))
           OR (o.status = 'sending' AND o.claimed_until < now()))
    ORDER BY o.idem_key LIMIT $4
    FOR UPDATE OF o SKIP LOCKED
),
{{outbox_take $2 $3}};

-- name: outbox_claim_due
-- The outbox sender's claim: up to $1 pending rows whose due time has come,
-- earliest first, for claim $2 (lease $3 ms), with the same suppression
-- rule as outbox_claim. Rows of a due time whose claim expired (an outbox
-- sender that died while it sent them) are taken over too.
WITH free AS (
    SELECT o.idem_key, {{outbox_suppression o}} AS suppressed
    FROM outbox o
    WHERE ((o.status = 'pending' AND o.due_at <= now())
           OR (o.status = 'sending' AND o.due_at IS NOT NULL AND o.claimed_until < now()))
    ORDER BY o.due_at, o.idem_key LIMIT $1
    FOR UPDATE OF o SKIP LOCKED
),
{{outbox_take $2 $3}};

-- name: outbox_defer
-- Hands back claim $2 on the keyed rows ($1) it holds without sending them:
-- each is due again at its time in $3, for its reason in $4 (outside the
-- send window, the frequency cap). The claim's attempt is not counted. The
-- activity written under the key notes when and why.
WITH d AS (
    SELECT * FROM unnest($1::text[], $3::timestamptz[], $4::text[]) AS d(idem_key, due_at, reason)
),
moved AS (
    UPDATE outbox o SET status = 'pending', claimed_until = NULL, due_at = d.due_at,
        attempts = greatest(o.attempts - 1, 0), last_error = 'deferred: ' || d.reason
    FROM d WHERE o.idem_key = d.idem_key AND o.status = 'sending' AND o.claimed_by = $2
    RETURNING o.idem_key, d.due_at, d.reason
)
UPDATE activities a SET details = a.details || jsonb_build_object('deferred_until', m.due_at, 'deferred', m.reason)
FROM moved m WHERE a.idem_key = m.idem_key;

-- name: outbox_skip
-- Ends the keyed rows ($1) claim $2 holds without sending them: 'skipped',
-- for reason $3 (the frequency cap of a campaign that skips); the activity
-- under the key says so.
WITH s AS (
    UPDATE outbox SET status = 'skipped', claimed_until = NULL, last_error = 'skipped: ' || $3
    WHERE idem_key = ANY($1::text[]) AND status = 'sending' AND claimed_by = $2
    RETURNING idem_key
)
UPDATE activities a SET details = a.details || jsonb_build_object('skipped', $3::text)
FROM s WHERE a.idem_key = s.idem_key;

-- name: outbox_cap_lock
-- Serialises the frequency-cap decisions about these contacts until the
-- transaction ends; taken in contact order, so two senders cannot deadlock.
SELECT count(pg_advisory_xact_lock(7100, hashtext(c::text)))
FROM (SELECT DISTINCT unnest($1::uuid[]) AS c ORDER BY 1) x;

-- name: outbox_cap_recent
-- What the frequency cap counts for these contacts: their emails let through
-- it (or sent, for those sent before it counted) in the $2 ms before now,
-- oldest first, leaving out the keys $3 being decided.
SELECT contact_id::text, coalesce(counted_at, sent_at) FROM outbox
WHERE contact_id = ANY($1::uuid[]) AND NOT (idem_key = ANY($3::text[]))
  AND ((status = 'sent' AND coalesce(counted_at, sent_at) > now() - $2::float8 * interval '1 millisecond')
    OR (status = 'sending' AND counted_at > now() - $2::float8 * interval '1 millisecond'))
ORDER BY contact_id, 2;

-- name: outbox_count
-- The frequency cap lets the keyed rows claim $2 holds through.
UPDATE outbox SET counted_at = now() WHERE idem_key = ANY($1::text[]) AND status = 'sending' AND claimed_by = $2;

-- name: outbox_next_due
-- When the earliest waiting row falls due (NULL: none waits).
SELECT min(due_at) FROM outbox WHERE status = 'pending' AND due_at IS NOT NULL;

-- name: outbox_plan_wake
-- The outbox sender will look again at $1 (NULL: when woken).
UPDATE outbox_wake SET wake_at = $1;

-- name: outbox_renew
-- Extends claim $2 on the keyed rows it still holds.
UPDATE outbox SET claimed_until = now() + $3::float8 * interval '1 millisecond'
WHERE idem_key = ANY($1::text[]) AND status = 'sending' AND claimed_by = $2;

-- name: outbox_unsent
-- Those of the keyed emails not sent or failed yet (pending or claimed),
-- apart from those due later, which the outbox sender sends.
SELECT idem_key FROM outbox WHERE idem_key = ANY($1::text[])
  AND (status = 'sending' OR (status = 'pending' AND (due_at IS NULL OR due_at <= now())))
ORDER BY idem_key;

-- name: outbox_sent
-- The server accepted the message: the row says so whoever holds the claim
-- now (a sender whose claim expired still delivered it).
UPDATE outbox SET status = 'sent', sent_at = now(), last_error = '', claimed_until = NULL
WHERE idem_key = $1 AND status IN ('pending', 'sending');

-- name: outbox_release
-- Hands back claim $2 on the keyed rows it still holds: pending again after
-- a passing failure or when they were never tried, failed for good when $4.
-- A row the outbox sender sends (it has a due time) is due again a little
-- later after a failure, longer after each attempt, so one message that
-- keeps failing does not hold up the others.
UPDATE outbox SET status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END, claimed_until = NULL, last_error = $3,
    due_at = CASE WHEN due_at IS NOT NULL AND NOT $4 AND $3 <> ''
        THEN now() + least(attempts, 10) * interval '30 seconds' ELSE due_at END
WHERE idem_key = ANY($1::text[]) AND status = 'sending' AND claimed_by = $2;

-- name: sms_outbox_claim
-- outbox_claim for text messages. A message whose contact refuses contact
-- (consent_to_contact false) ends 'suppressed' ("suppressed: no_consent")
-- instead of being claimed, as an email does, and is returned with its
-- reason so that it is not sent. The suppression list does not apply: it
-- holds email addresses.
WITH free AS (
    SELECT s.idem_key,
        CASE WHEN {{contact_refuses s.contact_id}} THEN 'no_consent' ELSE '' END AS suppressed
    FROM sms_outbox s
    WHERE s.idem_key = ANY($1::text[])
      AND (s.status = 'pending' OR (s.status = 'sending' AND s.claimed_until < now()))
    ORDER BY s.idem_key LIMIT $4
    FOR UPDATE OF s SKIP LOCKED
)
UPDATE sms_outbox o SET
    status = CASE WHEN free.suppressed = '' THEN 'sending' ELSE 'suppressed' END,
    claimed_by = $2,
    claimed_until = CASE WHEN free.suppressed = '' THEN now() + $3::float8 * interval '1 millisecond' END,
    attempts = o.attempts + CASE WHEN free.suppressed = '' THEN 1 ELSE 0 END,
    last_error = CASE WHEN free.suppressed = '' THEN o.last_error ELSE 'suppressed: ' || free.suppressed END
FROM free WHERE o.idem_key = free.idem_key
RETURNING o.idem_key, o.to_phone, o.body, free.suppressed;

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

-- name: reserve_sends
-- Reserves the moments of the next $1 messages at $2 messages a second for
-- the whole deployment: they follow the last moment any sender reserved
-- (or now, when that has passed), 1/$2 s apart. Returns how long from now
-- the first one is, in seconds.
WITH r AS (
    UPDATE send_rate SET next_at = greatest(next_at, clock_timestamp()) + $1::int * interval '1 second' / $2::float8
    RETURNING next_at - $1::int * interval '1 second' / $2::float8 AS first_at
)
SELECT greatest(extract(epoch FROM first_at - clock_timestamp()), 0)::float8 FROM r;

-- name: outbox_wake_check
-- When the earliest waiting row falls due, when the outbox sender plans to
-- look next, and now.
SELECT (SELECT min(due_at) FROM outbox WHERE status = 'pending' AND due_at IS NOT NULL),
    (SELECT wake_at FROM outbox_wake), now();
