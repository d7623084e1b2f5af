-- Campaign participants: coverage, predefined filters, activity plan
-- templates and plans, the participant status log, and email attachments.

-- Who covers a contact, in which role (for allocation models and activity plans).
CREATE TABLE contact_coverage (
    contact_id  uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (contact_id, role, user_id)
);

-- Predefined filters: named lists of simple conditions on contact fields
-- (domain.FilterCondition), all of which a contact must meet.
CREATE TABLE predefined_filters (
    id          uuid PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    conditions  jsonb NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Activity plan templates: ordered steps (domain.PlanStep); only an active
-- template creates plans.
CREATE TABLE activity_plan_templates (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    active      boolean NOT NULL DEFAULT true,
    steps       jsonb NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- An activity plan created for one participant by a status action, keyed.
CREATE TABLE activity_plans (
    id             uuid PRIMARY KEY,
    idem_key       text NOT NULL UNIQUE,
    template_id    uuid REFERENCES activity_plan_templates(id) ON DELETE SET NULL,
    contact_id     uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    campaign_id    uuid REFERENCES campaigns(id) ON DELETE SET NULL,
    participant_id uuid,
    assignee_id    uuid REFERENCES users(id),
    name           text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_plans_contact_idx ON activity_plans (contact_id);

-- Every participant status change, keyed: by the participant workflow's
-- transition, or by the batch item that applied it.
CREATE TABLE participant_status_log (
    idem_key       text PRIMARY KEY,
    campaign_id    uuid NOT NULL,
    participant_id uuid NOT NULL,
    transition     integer NOT NULL,
    from_status    text NOT NULL,
    to_status      text NOT NULL,
    actor_id       uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    -- Each transition number of a participant is applied once, by one path.
    UNIQUE (participant_id, transition)
);

-- Documents whose attachment files go with an outgoing email.
ALTER TABLE outbox ADD COLUMN attachment_ids uuid[] NOT NULL DEFAULT '{}';
