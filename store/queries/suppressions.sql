-- The suppression list, one-click unsubscribes and bounce events. Addresses
-- are stored lower-cased and trimmed (domain.NormalizeEmail); the claim in
-- outbox.sql compares them with lower(btrim(to_addr)).

-- name: list_suppressions
-- Newest first, keyset-paged after ($2 created_at, $3 id); $1 searches the
-- address (a case-insensitive part of it, '' for all).
SELECT id, address, reason, source, created_at FROM suppressions
WHERE ($1 = '' OR strpos(address, lower($1)) > 0)
  AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
ORDER BY created_at DESC, id DESC LIMIT $4;

-- name: insert_suppression
-- An address already on the list keeps its first reason: nothing returned.
INSERT INTO suppressions (id, address, reason, source) VALUES (gen_random_uuid(), $1, $2, $3)
ON CONFLICT (address) DO NOTHING
RETURNING id, address, reason, source, created_at;

-- name: get_suppression
SELECT id, address, reason, source, created_at FROM suppressions WHERE address = $1;

-- name: delete_suppression
DELETE FROM suppressions WHERE address = $1;

-- name: import_suppressions
-- Every row of a file at once; addresses already listed are left as they are.
INSERT INTO suppressions (id, address, reason, source)
SELECT gen_random_uuid(), t.address, t.reason, t.source
FROM unnest($1::text[], $2::text[], $3::text[]) AS t(address, reason, source)
ON CONFLICT (address) DO NOTHING;

-- name: export_suppressions
SELECT id, address, reason, source, created_at FROM suppressions ORDER BY created_at, id;

-- name: insert_system_activity
-- An unsubscribe, bounce or complaint on the contact's activities, keyed so
-- a repeated report writes one (a contact deleted or erased since: none). A
-- campaign deleted since is left out.
INSERT INTO activities (id, idem_key, contact_id, campaign_id, drip_campaign_id, kind, subject, details)
SELECT gen_random_uuid(), $1, c.id, (SELECT k.id FROM campaigns k WHERE k.id = $3::uuid), $4::uuid, $5, $6, $7
FROM contacts c WHERE c.id = $2::uuid AND c.erased_at IS NULL
ON CONFLICT (idem_key) DO NOTHING;

-- name: insert_system_lead_activity
-- The same on a lead's activities (done: it already happened).
INSERT INTO lead_activities (id, idem_key, lead_id, kind, subject, details, done)
SELECT gen_random_uuid(), $1, l.id, $3, $4, $5, true FROM leads l WHERE l.id = $2
ON CONFLICT (idem_key) DO NOTHING;

-- name: withdraw_contact_consent
UPDATE contacts SET consent_to_contact = false, updated_at = now() WHERE id = $1 AND consent_to_contact;

-- name: withdraw_lead_consent
-- With its audit row; nothing when the lead had withdrawn it already.
WITH l AS (
    UPDATE leads SET consent_to_contact = false, updated_at = now() WHERE id = $1 AND consent_to_contact RETURNING id
)
INSERT INTO lead_audit (lead_id, entity, action, before, after)
SELECT id, 'lead', 'unsubscribe', '{"consent_to_contact": true}', '{"consent_to_contact": false}' FROM l;

-- name: mark_participant_unsubscribed
UPDATE participants SET unsubscribed_at = coalesce(unsubscribed_at, now()), updated_at = now()
WHERE campaign_id = $1 AND contact_id = $2;

-- name: mark_enrollment_unsubscribed
UPDATE drip_enrollments SET unsubscribed_at = coalesce(unsubscribed_at, now()), updated_at = now()
WHERE campaign_id = $1 AND contact_id = $2;

-- name: outbox_by_message_id
-- The message a bounce report names.
SELECT idem_key, to_addr, coalesce(contact_id::text, ''), coalesce(lead_id, 0), coalesce(campaign_id::text, ''),
    coalesce(drip_campaign_id::text, '')
FROM outbox WHERE message_id = $1 ORDER BY created_at LIMIT 1;

-- name: insert_email_event
-- A report received again (same event_key) writes nothing: no id returned.
INSERT INTO email_events (id, event_key, type, address, message_id, outbox_key, contact_id, lead_id, diagnostic, source, occurred_at)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (event_key) DO NOTHING
RETURNING id;

-- name: get_email_event
SELECT id, type, address, message_id, coalesce(outbox_key, ''), coalesce(contact_id::text, ''), coalesce(lead_id, 0),
    diagnostic, source, occurred_at
FROM email_events WHERE event_key = $1;

-- name: count_soft_bounces
-- The address's soft bounces in the window of $3 seconds that ends at $2.
SELECT count(*) FROM email_events
WHERE type = 'soft' AND address = $1 AND occurred_at <= $2 AND occurred_at > $2::timestamptz - $3::float8 * interval '1 second';

-- name: suppression_reason
SELECT reason FROM suppressions WHERE address = $1;
