-- Erasing a contact (GDPR): store.EraseContact runs these in one
-- transaction, after the contact's workflows ended. The contact row stays,
-- blank and marked erased, so what counts it (participants, activities,
-- opportunities, drip enrollments) keeps its totals; every text that names
-- the person is removed or blanked.

-- name: erase_lock_contact
-- The contact to erase, locked; none when it is unknown or erased already.
SELECT email FROM contacts WHERE id = $1 AND erased_at IS NULL FOR UPDATE;

-- name: erase_suppress_address
-- The (normalized) address $1 goes on the suppression list, so no message
-- reaches it again, whoever it is queued for; an address listed already
-- keeps its entry.
INSERT INTO suppressions (id, address, reason, source)
VALUES (gen_random_uuid(), $1, 'erased', 'contact erased')
ON CONFLICT (address) DO NOTHING;

-- name: erase_outbox_files
-- The filled Word attachments of the contact's emails.
DELETE FROM outbox_files f USING outbox o WHERE f.idem_key = o.idem_key AND o.contact_id = $1;

-- name: erase_outbox
-- The contact's emails keep their rows (what was sent stays counted) without
-- recipient, subject or text; those not sent yet (pending, due later, or
-- claimed by a sender) end 'suppressed' and are never sent.
UPDATE outbox SET to_addr = '', subject = '', body = '', html = '',
    status = CASE WHEN status IN ('pending', 'sending') THEN 'suppressed' ELSE status END,
    last_error = CASE WHEN status IN ('pending', 'sending') THEN 'suppressed: erased' ELSE last_error END,
    claimed_until = CASE WHEN status IN ('pending', 'sending') THEN NULL ELSE claimed_until END
WHERE contact_id = $1;

-- name: erase_sms_outbox
-- The same for the contact's text messages.
UPDATE sms_outbox SET to_phone = '', body = '',
    status = CASE WHEN status IN ('pending', 'sending') THEN 'suppressed' ELSE status END,
    last_error = CASE WHEN status IN ('pending', 'sending') THEN 'suppressed: erased' ELSE last_error END,
    claimed_until = CASE WHEN status IN ('pending', 'sending') THEN NULL ELSE claimed_until END
WHERE contact_id = $1;

-- name: erase_email_events
-- Bounce and complaint reports about the contact or its address ($2).
DELETE FROM email_events WHERE contact_id = $1 OR ($2 <> '' AND address = $2);

-- name: erase_activities
-- The contact's activities stay (they are counted) without their text.
UPDATE activities SET subject = '', details = '{}' WHERE contact_id = $1;

-- name: erase_opportunities
-- The contact's opportunities stay in the pipeline (stage, revenue) without
-- their description.
UPDATE opportunities SET description = '' WHERE contact_id = $1;

-- name: erase_batch_outputs
-- The combined print jobs that hold one of the contact's letters: the next
-- download builds them again from the letters left.
DELETE FROM batch_outputs WHERE batch_id IN
    (SELECT batch_id FROM generated_documents WHERE contact_id = $1 AND batch_id IS NOT NULL);

-- name: erase_generated_documents
DELETE FROM generated_documents WHERE contact_id = $1;

-- name: erase_batch_items
-- What batch processes recorded about the contact's participations (the
-- address a document was emailed to, a message naming it).
UPDATE batch_items SET message = '', result = '{}'
WHERE item_id IN (SELECT p.id::text FROM participants p WHERE p.contact_id = $1::uuid) OR item_id = $1::text;

-- name: erase_planning_participants
-- The contact leaves the campaigns that have not started: nothing of them
-- counts yet, and a later start must not reach it.
DELETE FROM participants p USING campaigns k
WHERE p.contact_id = $1 AND k.id = p.campaign_id AND k.stage = 'planning';

-- name: erase_memberships
-- Customer groups and coverage.
WITH g AS (DELETE FROM customer_group_members WHERE contact_id = $1)
DELETE FROM contact_coverage WHERE contact_id = $1;

-- name: erase_lead_matches
-- Leads matched to the contact are matched to nobody now: converting one
-- creates a new contact. (A lead converted into the contact keeps that
-- history; the lead is a record of its own, deleted on its own.)
UPDATE leads SET matched_contact_id = NULL, updated_at = now() WHERE matched_contact_id = $1;

-- name: erase_kept_answers
-- Kept answers of repeatable requests (idempotency keys) that name the
-- contact by id or address ($2): a repeat of such a request runs again.
DELETE FROM idempotency_keys
WHERE position(convert_to($1::text, 'UTF8') IN body) > 0
   OR ($2 <> '' AND position(convert_to($2, 'UTF8') IN body) > 0);

-- name: erase_contact
-- The contact itself: every personal field blank, no consent (so nothing
-- queued for it later is sent either), no company, groups or score.
UPDATE contacts SET first_name = '', last_name = '', email = '', phone = '', status = 'Other',
    partner_type = '', tags = '{}', consent_to_contact = false, time_zone = '', company_id = NULL,
    position = '', address = '', address_city = '', address_state = '', address_country = '', address_zip = '',
    customer_status = NULL, score = 0, erased_at = now(), updated_at = now()
WHERE id = $1;

-- name: contact_participations
-- Every campaign participation of a contact (erased or not), by campaign.
SELECT campaign_id::text, id::text FROM participants WHERE contact_id = $1 ORDER BY campaign_id, id;
