-- Sending on the contact's clock and within the deployment's limits: a time
-- zone on contacts and leads; send windows on campaigns, drip campaigns and
-- audiences; a due time on outbox rows (delayed emails, and messages a
-- window or the frequency cap deferred), which the durable outbox sender
-- drains; the frequency cap's count; the send rate shared by every worker.

-- An IANA zone name; '' is the deployment's DEFAULT_TIME_ZONE.
ALTER TABLE contacts ADD COLUMN time_zone text NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN time_zone text NOT NULL DEFAULT '';

-- A send window ({"days": [...], "from_hour", "to_hour"}; NULL: any time)
-- and what becomes of an email past the frequency cap.
ALTER TABLE campaigns ADD COLUMN send_window jsonb;
ALTER TABLE campaigns ADD COLUMN over_cap text NOT NULL DEFAULT 'defer' CHECK (over_cap IN ('defer', 'skip'));
ALTER TABLE drip_campaigns ADD COLUMN send_window jsonb;
ALTER TABLE drip_campaigns ADD COLUMN over_cap text NOT NULL DEFAULT 'defer' CHECK (over_cap IN ('defer', 'skip'));
ALTER TABLE campaign_versions ADD COLUMN audience_send_window jsonb;

-- 'skipped': past the frequency cap of a campaign that skips; 'cancelled': a
-- delayed email whose participant left the status that scheduled it, or a
-- waiting email of a campaign that ended.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'suppressed', 'skipped', 'cancelled'));
-- When a pending row may be sent (NULL: at once, by the sender that queued it).
ALTER TABLE outbox ADD COLUMN due_at timestamptz;
-- A delayed email follows the status that scheduled it.
ALTER TABLE outbox ADD COLUMN delayed boolean NOT NULL DEFAULT false;
-- The window and over-cap choice of the message's source, copied when it is
-- queued (as the sender is).
ALTER TABLE outbox ADD COLUMN send_window jsonb;
ALTER TABLE outbox ADD COLUMN over_cap text NOT NULL DEFAULT 'defer';
-- When the frequency cap let the message through: what the cap counts.
ALTER TABLE outbox ADD COLUMN counted_at timestamptz;
CREATE INDEX outbox_due_idx ON outbox (due_at) WHERE status = 'pending' AND due_at IS NOT NULL;
-- Rows of a due time whose outbox sender died while it held them.
CREATE INDEX outbox_due_claimed_idx ON outbox (claimed_until) WHERE status = 'sending' AND due_at IS NOT NULL;
CREATE INDEX outbox_contact_idx ON outbox (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX outbox_campaign_waiting_idx ON outbox (campaign_id) WHERE status = 'pending' AND due_at IS NOT NULL;

-- When the durable outbox sender looks at the outbox next (NULL: not
-- planned); a writer of an earlier due row wakes it.
CREATE TABLE outbox_wake (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    wake_at timestamptz
);
INSERT INTO outbox_wake DEFAULT VALUES;

-- EMAIL_RATE for the whole deployment: the moment the next message may go.
-- Every sender reserves its messages' moments here, one after another.
CREATE TABLE send_rate (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    next_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO send_rate DEFAULT VALUES;
