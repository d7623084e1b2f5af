-- Contacts you can find and erase: the contacts list's search and filters
-- served by indexes, and the erasure of a person's data (GDPR).

-- Trigram indexes serve the list's word search (ILIKE 'word%').
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- When the contact's personal data was erased. The row stays, blank, so the
-- campaign participations, activities and opportunities that point at it
-- keep their counts; an erased contact is found nowhere else (one contact's
-- reads, the list, participants, audiences).
ALTER TABLE contacts ADD COLUMN erased_at timestamptz;

-- The list's order (last name, first name, id, case-insensitive) is its
-- keyset; each filter's index has the order behind it, so a filtered page
-- is read in order too.
CREATE INDEX contacts_list_idx ON contacts (lower(last_name), lower(first_name), id)
    WHERE erased_at IS NULL;
CREATE INDEX contacts_list_type_idx ON contacts (lower(status), lower(last_name), lower(first_name), id)
    WHERE erased_at IS NULL;
CREATE INDEX contacts_list_partner_type_idx ON contacts (lower(partner_type), lower(last_name), lower(first_name), id)
    WHERE erased_at IS NULL;
CREATE INDEX contacts_list_customer_idx ON contacts (customer_status, lower(last_name), lower(first_name), id)
    WHERE erased_at IS NULL AND customer_status IS NOT NULL;
-- A search word starts a first name, last name, email or company name.
CREATE INDEX contacts_first_name_trgm_idx ON contacts USING gin (first_name gin_trgm_ops);
CREATE INDEX contacts_last_name_trgm_idx ON contacts USING gin (last_name gin_trgm_ops);
CREATE INDEX contacts_email_trgm_idx ON contacts USING gin (email gin_trgm_ops);
CREATE INDEX companies_name_trgm_idx ON companies USING gin (name gin_trgm_ops);
CREATE INDEX contacts_company_idx ON contacts (company_id) WHERE company_id IS NOT NULL;

-- 'erased': the address of an erased contact, never mailed again.
ALTER TABLE suppressions DROP CONSTRAINT suppressions_reason_check;
ALTER TABLE suppressions ADD CONSTRAINT suppressions_reason_check
    CHECK (reason IN ('unsubscribed', 'hard_bounce', 'complaint', 'manual', 'erased'));

-- 'suppressed': a text message ended unsent (its contact was erased).
ALTER TABLE sms_outbox DROP CONSTRAINT sms_outbox_status_check;
ALTER TABLE sms_outbox ADD CONSTRAINT sms_outbox_status_check
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'suppressed'));

-- An erasure finds the contact's participations and text messages by contact.
CREATE INDEX participants_contact_idx ON participants (contact_id);
CREATE INDEX sms_outbox_contact_idx ON sms_outbox (contact_id) WHERE contact_id IS NOT NULL;
