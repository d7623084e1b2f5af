-- Deliverability: one suppression list, checked when each email is claimed
-- for sending; consent on contacts as on leads; one-click unsubscribe
-- recorded on the participant or drip enrollment; bounce and complaint
-- events; a sender (From, Reply-To) per campaign and drip campaign, copied
-- onto each outbox row so a retried send uses the same one.

-- Addresses no marketing email goes to. The address is stored lower-cased
-- and trimmed, so it compares case-insensitively.
CREATE TABLE suppressions (
    id         uuid PRIMARY KEY,
    address    text NOT NULL UNIQUE,
    reason     text NOT NULL CHECK (reason IN ('unsubscribed', 'hard_bounce', 'complaint', 'manual')),
    source     text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX suppressions_created_idx ON suppressions (created_at, id);

ALTER TABLE contacts ADD COLUMN consent_to_contact boolean NOT NULL DEFAULT true;

-- 'suppressed': claimed, found on the list (or without consent), not sent.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'suppressed'));
-- The lead batch a lead email belongs to (its unsubscribe link names it).
ALTER TABLE outbox ADD COLUMN batch_id uuid;
ALTER TABLE outbox ADD COLUMN from_name text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN from_addr text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN reply_to text NOT NULL DEFAULT '';
-- Bounce reports name the message they are about by its Message-ID.
CREATE INDEX outbox_message_id_idx ON outbox (message_id);

ALTER TABLE campaigns ADD COLUMN from_name text NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN from_address text NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN reply_to text NOT NULL DEFAULT '';
ALTER TABLE drip_campaigns ADD COLUMN from_name text NOT NULL DEFAULT '';
ALTER TABLE drip_campaigns ADD COLUMN from_address text NOT NULL DEFAULT '';
ALTER TABLE drip_campaigns ADD COLUMN reply_to text NOT NULL DEFAULT '';

-- Set when the contact unsubscribed through a link of this campaign or drip.
ALTER TABLE participants ADD COLUMN unsubscribed_at timestamptz;
ALTER TABLE drip_enrollments ADD COLUMN unsubscribed_at timestamptz;
-- What the last run of a step did with its message: sent, suppressed, failed.
ALTER TABLE drip_enrollment_steps ADD COLUMN result text NOT NULL DEFAULT '';
-- Activities written by the system (an unsubscribe, a bounce) are keyed, so
-- a repeated report writes one.
ALTER TABLE lead_activities ADD COLUMN idem_key text UNIQUE;

-- Every bounce and complaint reported, by the SMTP server at send time or by
-- the mail system's webhook. event_key recognises a report received twice.
CREATE TABLE email_events (
    id          uuid PRIMARY KEY,
    event_key   text NOT NULL UNIQUE,
    type        text NOT NULL CHECK (type IN ('hard', 'soft', 'complaint')),
    address     text NOT NULL,
    message_id  text NOT NULL DEFAULT '',
    outbox_key  text,
    contact_id  uuid,
    lead_id     bigint,
    diagnostic  text NOT NULL DEFAULT '',
    source      text NOT NULL,
    occurred_at timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- Soft bounces are counted per address over a rolling window.
CREATE INDEX email_events_soft_idx ON email_events (address, occurred_at) WHERE type = 'soft';
