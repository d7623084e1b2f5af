-- Partner drip campaigns (seed 002): definitions, the per-contact enrollment
-- projection written by DripWorkflow, and the contact fields triggers match.

ALTER TABLE contacts ADD COLUMN partner_type text NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN tags text[] NOT NULL DEFAULT '{}';

CREATE TABLE drip_campaigns (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    -- Only active campaigns can be started or triggered.
    active      boolean NOT NULL DEFAULT true,
    -- Ordered steps (domain.DripStep).
    steps       jsonb NOT NULL,
    -- Trigger criteria on contact fields (domain.DripTrigger), NULL when manual only.
    trigger     jsonb,
    created_by  uuid REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX drip_campaigns_triggered_idx ON drip_campaigns (id) WHERE active AND trigger IS NOT NULL;

-- One row per drip campaign and contact: the latest enrollment, as its
-- workflow last wrote it. A new enrollment (after removal) reuses the row with
-- the next enrollment number.
CREATE TABLE drip_enrollments (
    campaign_id   uuid NOT NULL REFERENCES drip_campaigns(id) ON DELETE CASCADE,
    contact_id    uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    enrollment_no integer NOT NULL,
    origin        text NOT NULL CHECK (origin IN ('manual', 'triggered')),
    status        text NOT NULL CHECK (status IN ('scheduled', 'active', 'paused', 'finished', 'removed')),
    start_at      timestamptz NOT NULL,
    finished_at   timestamptz,
    removed_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, contact_id)
);
CREATE INDEX drip_enrollments_contact_idx ON drip_enrollments (contact_id);

-- The steps of each enrollment (1-based step numbers).
CREATE TABLE drip_enrollment_steps (
    campaign_id   uuid NOT NULL,
    contact_id    uuid NOT NULL,
    step_no       integer NOT NULL,
    enrollment_no integer NOT NULL,
    name          text NOT NULL,
    action        text NOT NULL,
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'skipped')),
    due_at        timestamptz,
    done_at       timestamptz,
    last_run_at   timestamptz,
    runs          integer NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, contact_id, step_no),
    FOREIGN KEY (campaign_id, contact_id) REFERENCES drip_enrollments (campaign_id, contact_id) ON DELETE CASCADE
);

-- Drip emails and tasks go through the shared outbox and activities tables.
ALTER TABLE outbox ADD COLUMN drip_campaign_id uuid;
ALTER TABLE activities ADD COLUMN drip_campaign_id uuid;

-- Every SMS a drip step sends, keyed like the outbox so a retry never sends twice.
CREATE TABLE sms_outbox (
    idem_key         text PRIMARY KEY,
    drip_campaign_id uuid,
    contact_id       uuid,
    to_phone         text NOT NULL,
    body             text NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz
);
