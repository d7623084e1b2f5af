-- Foundation: users and tokens, contacts, campaigns, participants, the email
-- outbox and contact activities.

CREATE TABLE users (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    email       text NOT NULL UNIQUE,
    privileges  text[] NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Bearer tokens are stored as their SHA-256 digest only.
CREATE TABLE api_tokens (
    token_hash  bytea PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    label       text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contacts (
    id          uuid PRIMARY KEY,
    first_name  text NOT NULL,
    last_name   text NOT NULL,
    email       text NOT NULL DEFAULT '',
    phone       text NOT NULL DEFAULT '',
    status      text NOT NULL DEFAULT 'Other',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaigns (
    id               uuid PRIMARY KEY,
    name             text NOT NULL,
    priority         text NOT NULL CHECK (priority IN ('A', 'B', 'C')),
    stage            text NOT NULL DEFAULT 'planning'
                     CHECK (stage IN ('planning', 'in_progress', 'completed', 'cancelled')),
    manager_id       uuid REFERENCES users(id),
    start_date       date,
    end_date         date,
    folder_id        uuid,
    allocation_model text NOT NULL DEFAULT '',
    allocation_role  text NOT NULL DEFAULT '',
    description      text NOT NULL DEFAULT '',
    security         text NOT NULL DEFAULT 'public' CHECK (security IN ('public', 'private')),
    -- The campaign's own participant-status workflow definition (domain.WorkflowDef).
    workflow         jsonb NOT NULL,
    created_by       uuid REFERENCES users(id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaigns_stage_idx ON campaigns (stage);

CREATE TABLE participants (
    id           uuid PRIMARY KEY,
    campaign_id  uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    contact_id   uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    owner_id     uuid REFERENCES users(id),
    status       text NOT NULL DEFAULT 'Targeted',
    -- How many status changes were applied; part of every action's idempotency key.
    transitions  integer NOT NULL DEFAULT 0,
    status_since timestamptz NOT NULL DEFAULT now(),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, contact_id)
);
-- Keyset paging of one campaign's participants.
CREATE INDEX participants_campaign_id_idx ON participants (campaign_id, id);
CREATE INDEX participants_campaign_status_idx ON participants (campaign_id, status);

-- Every outgoing email, keyed so that a retried activity never sends twice.
CREATE TABLE outbox (
    idem_key       text PRIMARY KEY,
    campaign_id    uuid,
    participant_id uuid,
    contact_id     uuid,
    to_addr        text NOT NULL,
    subject        text NOT NULL,
    body           text NOT NULL,
    message_id     text NOT NULL,
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts       integer NOT NULL DEFAULT 0,
    last_error     text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    sent_at        timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (participant_id) WHERE status = 'pending';

-- What happened with a contact: tasks, meetings, emails, printed documents.
CREATE TABLE activities (
    id             uuid PRIMARY KEY,
    idem_key       text UNIQUE,
    contact_id     uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    campaign_id    uuid REFERENCES campaigns(id) ON DELETE SET NULL,
    participant_id uuid,
    kind           text NOT NULL,
    owner_id       uuid REFERENCES users(id),
    subject        text NOT NULL DEFAULT '',
    details        jsonb NOT NULL DEFAULT '{}',
    due_at         timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activities_contact_idx ON activities (contact_id, created_at);

CREATE TABLE opportunities (
    id               uuid PRIMARY KEY,
    idem_key         text UNIQUE,
    contact_id       uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    campaign_id      uuid REFERENCES campaigns(id) ON DELETE SET NULL,
    description      text NOT NULL DEFAULT '',
    stage            text NOT NULL DEFAULT 'Prospecting',
    expected_revenue numeric(14, 2) NOT NULL DEFAULT 0,
    locked           boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX opportunities_campaign_idx ON opportunities (campaign_id);
