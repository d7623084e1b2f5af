-- Integrated Lead Management: leads, scoring rules, audit trail, lead
-- activities and notes, companies (B2B conversion), lead imports, and the
-- outbox columns that batch email needs (HTML body, the lead).

-- B2B mode and other lead settings: a single row.
CREATE TABLE lead_settings (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    b2b_mode    boolean NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO lead_settings (id) VALUES (true);

CREATE TABLE companies (
    id              uuid PRIMARY KEY,
    name            text NOT NULL,
    address         text NOT NULL DEFAULT '',
    address_city    text NOT NULL DEFAULT '',
    address_state   text NOT NULL DEFAULT '',
    address_country text NOT NULL DEFAULT '',
    address_zip     text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
-- A company is reused by name (case-insensitive) when a lead is converted.
CREATE UNIQUE INDEX companies_name_idx ON companies (lower(name));

-- Converted leads bring their communication details, address and position.
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS company_id uuid REFERENCES companies(id) ON DELETE SET NULL;
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS position text NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS address text NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS address_city text NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS address_state text NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS address_country text NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS address_zip text NOT NULL DEFAULT '';

CREATE TABLE leads (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    first_name         text NOT NULL,
    last_name          text NOT NULL,
    company            text NOT NULL DEFAULT '',
    position           text NOT NULL DEFAULT '',
    email              text NOT NULL DEFAULT '',
    -- E.164 when phone_country names a country; as entered when it is ''.
    phone              text NOT NULL DEFAULT '',
    phone_country      text NOT NULL DEFAULT '',
    market_segment     text NOT NULL DEFAULT '',
    sales_concept      text NOT NULL,
    source             text NOT NULL DEFAULT '',
    source_type        text NOT NULL,
    consent_to_contact boolean NOT NULL,
    matched_contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
    address            text NOT NULL DEFAULT '',
    address_city       text NOT NULL DEFAULT '',
    address_state      text NOT NULL DEFAULT '',
    address_country    text NOT NULL DEFAULT '',
    address_zip        text NOT NULL DEFAULT '',
    status             text NOT NULL DEFAULT 'New'
                       CHECK (status IN ('New', 'Qualifying', 'Qualified', 'Archived')),
    -- Derived from lead_scoring_rules by lead_score(); never written by the API.
    score              integer NOT NULL DEFAULT 0,
    owner_id           uuid REFERENCES users(id) ON DELETE SET NULL,
    created_by         uuid REFERENCES users(id) ON DELETE SET NULL,
    contact_id         uuid REFERENCES contacts(id) ON DELETE SET NULL,
    company_id         uuid REFERENCES companies(id) ON DELETE SET NULL,
    opportunity_id     uuid,
    converted_at       timestamptz,
    -- Set when the lead came from an import row: batch item key, unique, so a
    -- retried import page never creates the lead twice.
    import_key         text UNIQUE,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX leads_created_idx ON leads (created_at, id);
CREATE INDEX leads_updated_idx ON leads (updated_at, id);
CREATE INDEX leads_score_idx ON leads (score, id);
CREATE INDEX leads_last_name_idx ON leads (last_name, id);
CREATE INDEX leads_owner_idx ON leads (owner_id, status);
CREATE INDEX leads_email_idx ON leads (lower(email)) WHERE email <> '';
CREATE INDEX leads_phone_idx ON leads (phone) WHERE phone <> '';
CREATE INDEX leads_name_idx ON leads (lower(first_name), lower(last_name));
CREATE INDEX leads_converted_idx ON leads (converted_at) WHERE converted_at IS NOT NULL;

-- Administrator rules: a lead whose field matches the condition gets the points.
CREATE TABLE lead_scoring_rules (
    id          uuid PRIMARY KEY,
    field       text NOT NULL,
    operator    text NOT NULL CHECK (operator IN ('equals', 'contains', 'present')),
    value       text NOT NULL DEFAULT '',
    points      integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The scoreable fields of a lead, by rule field name (domain.ScoreFields).
CREATE FUNCTION lead_field(l leads, field text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE field
        WHEN 'company' THEN l.company
        WHEN 'position' THEN l.position
        WHEN 'email' THEN l.email
        WHEN 'phone' THEN l.phone
        WHEN 'market_segment' THEN l.market_segment
        WHEN 'sales_concept' THEN l.sales_concept
        WHEN 'source' THEN l.source
        WHEN 'source_type' THEN l.source_type
        WHEN 'consent_to_contact' THEN CASE WHEN l.consent_to_contact THEN 'true' ELSE 'false' END
        WHEN 'address_city' THEN l.address_city
        WHEN 'address_state' THEN l.address_state
        WHEN 'address_country' THEN l.address_country
        WHEN 'status' THEN l.status
        ELSE ''
    END
$$;

-- The one place where scoring rules are evaluated: the sum of the points of
-- every matching rule (case-insensitive comparisons).
CREATE FUNCTION lead_score(l leads) RETURNS integer LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(r.points), 0)::integer
    FROM lead_scoring_rules r
    WHERE CASE r.operator
        WHEN 'equals' THEN lower(lead_field(l, r.field)) = lower(r.value)
        WHEN 'contains' THEN strpos(lower(lead_field(l, r.field)), lower(r.value)) > 0
        WHEN 'present' THEN lead_field(l, r.field) <> ''
        ELSE false
    END
$$;

-- One row per change of a lead (or of its activities and notes): who, when,
-- and the changed fields before and after. Rows outlive a deleted lead.
CREATE TABLE lead_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id     bigint NOT NULL,
    entity      text NOT NULL DEFAULT 'lead',
    action      text NOT NULL,
    user_id     uuid,
    at          timestamptz NOT NULL DEFAULT now(),
    before      jsonb NOT NULL DEFAULT '{}',
    after       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX lead_audit_lead_idx ON lead_audit (lead_id, id);

CREATE TABLE lead_activities (
    id          uuid PRIMARY KEY,
    lead_id     bigint NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    kind        text NOT NULL,
    subject     text NOT NULL,
    details     text NOT NULL DEFAULT '',
    due_at      timestamptz,
    done        boolean NOT NULL DEFAULT false,
    created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lead_activities_lead_idx ON lead_activities (lead_id, created_at);

CREATE TABLE lead_notes (
    id          uuid PRIMARY KEY,
    lead_id     bigint NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    text        text NOT NULL,
    created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lead_notes_lead_idx ON lead_notes (lead_id, created_at);

-- Opportunities created by lead conversion.
ALTER TABLE opportunities ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT '';
ALTER TABLE opportunities ADD COLUMN IF NOT EXISTS template text NOT NULL DEFAULT '';
ALTER TABLE opportunities ADD COLUMN IF NOT EXISTS lead_id bigint;
ALTER TABLE opportunities ADD COLUMN IF NOT EXISTS company_id uuid REFERENCES companies(id) ON DELETE SET NULL;

-- Batch email: an HTML alternative and attachments (documents by id).
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS html text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS lead_id bigint;

-- A lead import: an uploaded CSV staged row by row for review, then completed
-- by a "Lead Import" batch process.
CREATE TABLE lead_imports (
    id          uuid PRIMARY KEY,
    file_name   text NOT NULL DEFAULT '',
    status      text NOT NULL DEFAULT 'staged' CHECK (status IN ('staged', 'importing')),
    batch_id    uuid REFERENCES batch_processes(id) ON DELETE SET NULL,
    created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lead_import_rows (
    import_id   uuid NOT NULL REFERENCES lead_imports(id) ON DELETE CASCADE,
    row_no      integer NOT NULL,
    data        jsonb NOT NULL,
    -- The row's phone in the form leads store it, for duplicate matching.
    match_phone text NOT NULL DEFAULT '',
    -- Field errors found when the row was staged or last corrected.
    errors      jsonb NOT NULL DEFAULT '[]',
    skip        boolean NOT NULL DEFAULT false,
    status      text NOT NULL DEFAULT 'staged' CHECK (status IN ('staged', 'imported', 'failed', 'skipped')),
    lead_id     bigint,
    message     text NOT NULL DEFAULT '',
    PRIMARY KEY (import_id, row_no)
);
