-- Campaign versions (Draft, Test, Published, Sundown, Deleted), test mode,
-- customers and customer groups, campaign audiences and their processing.

-- Customer groups (seed 003) and contacts as customers.
CREATE TABLE customer_groups (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customer_groups_name_idx ON customer_groups (lower(name));

-- A contact is a customer when customer_status is set.
ALTER TABLE contacts ADD COLUMN customer_status text CHECK (customer_status IN ('Active', 'Inactive'));
-- Points added by campaign point actions (see score_events).
ALTER TABLE contacts ADD COLUMN score integer NOT NULL DEFAULT 0;
CREATE INDEX contacts_customer_idx ON contacts (customer_status) WHERE customer_status IS NOT NULL;

CREATE TABLE customer_group_members (
    group_id   uuid NOT NULL REFERENCES customer_groups(id) ON DELETE CASCADE,
    contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, contact_id)
);
CREATE INDEX customer_group_members_contact_idx ON customer_group_members (contact_id);

-- Every campaign has numbered versions; each holds a frozen copy of the
-- definition: the participant-status workflow, the audience and the fields.
-- campaigns.workflow always equals the current version's workflow
-- (store/versions.go writes both in one transaction).
CREATE TABLE campaign_versions (
    campaign_id       uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    version           integer NOT NULL CHECK (version > 0),
    status            text NOT NULL DEFAULT 'Draft'
                      CHECK (status IN ('Draft', 'Test', 'Published', 'Sundown', 'Deleted')),
    workflow          jsonb NOT NULL,
    fields            jsonb NOT NULL DEFAULT '[]',
    audience_type     text NOT NULL DEFAULT '' CHECK (audience_type IN ('', 'Leads', 'Customers')),
    -- A group in use by any version cannot be deleted (the 409 names the campaign).
    customer_group_id uuid REFERENCES customer_groups(id) ON DELETE RESTRICT,
    send_to           text NOT NULL DEFAULT 'All',
    customer_status   text NOT NULL DEFAULT 'All' CHECK (customer_status IN ('Active', 'Inactive', 'All')),
    lead_filters      jsonb NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    status_since      timestamptz NOT NULL DEFAULT now(),
    published_at      timestamptz,
    PRIMARY KEY (campaign_id, version)
);

-- The current version: the highest one that is not Deleted (or the highest
-- one when every version is deleted, which makes the campaign read-only).
ALTER TABLE campaigns ADD COLUMN current_version integer NOT NULL DEFAULT 1;
-- Test mode: email of test participants goes only to these addresses.
ALTER TABLE campaigns ADD COLUMN test_recipients text[] NOT NULL DEFAULT '{}';
-- The audience Schedule's interval and whether an operator paused it.
ALTER TABLE campaigns ADD COLUMN audience_interval_seconds integer NOT NULL DEFAULT 3600
    CHECK (audience_interval_seconds >= 10);
ALTER TABLE campaigns ADD COLUMN audience_paused boolean NOT NULL DEFAULT false;

-- Campaigns that existed before versions: planning ones get a Draft, the
-- others (they ran) a Published version 1.
INSERT INTO campaign_versions (campaign_id, version, status, workflow, published_at)
SELECT id, 1, CASE WHEN stage = 'planning' THEN 'Draft' ELSE 'Published' END, workflow,
    CASE WHEN stage = 'planning' THEN NULL ELSE updated_at END
FROM campaigns;

-- The version whose definition a participant started with, and test records.
ALTER TABLE participants ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE participants ADD COLUMN is_test boolean NOT NULL DEFAULT false;
ALTER TABLE opportunities ADD COLUMN is_test boolean NOT NULL DEFAULT false;
ALTER TABLE activities ADD COLUMN is_test boolean NOT NULL DEFAULT false;

-- Text messages of campaign actions share the drips' keyed sms_outbox.
ALTER TABLE sms_outbox ADD COLUMN campaign_id uuid;
ALTER TABLE sms_outbox ADD COLUMN participant_id uuid;
ALTER TABLE sms_outbox ADD COLUMN is_test boolean NOT NULL DEFAULT false;
CREATE INDEX sms_outbox_pending_idx ON sms_outbox (participant_id) WHERE status = 'pending';

-- Points added to a contact's score, keyed so a repeated action adds nothing.
CREATE TABLE score_events (
    idem_key    text PRIMARY KEY,
    contact_id  uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    campaign_id uuid REFERENCES campaigns(id) ON DELETE SET NULL,
    points      integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
