-- Campaign records: text search, team members, workflow templates and
-- editable opportunities.

-- Text search on a campaign's name and description (GET /api/v1/campaigns?q=).
-- The 'simple' configuration neither stems nor drops words, so any language
-- and any product name is found as typed; prefix matching is done by the query.
ALTER TABLE campaigns ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || description)) STORED;
CREATE INDEX campaigns_search_idx ON campaigns USING gin (search);
CREATE INDEX campaigns_manager_idx ON campaigns (manager_id);
CREATE INDEX campaigns_created_idx ON campaigns (created_at, id);

-- Team members other than the Manager. The Manager is always the campaign's
-- manager_id and is never stored here, so the two can never disagree.
CREATE TABLE campaign_team (
    campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('Sponsor', 'Support')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, user_id, role)
);

-- Participant-status workflow templates managed by administrators. A campaign
-- holds its own copy (campaigns.workflow) and remembers which template and
-- which version it was loaded from, so it can reload a newer version.
CREATE TABLE workflow_templates (
    id          uuid PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    description text NOT NULL DEFAULT '',
    version     integer NOT NULL DEFAULT 1,
    -- domain.WorkflowDef without its template fields.
    definition  jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE campaigns ADD COLUMN workflow_template_id uuid
    REFERENCES workflow_templates(id) ON DELETE SET NULL;

-- Opportunities edited from a campaign's Opportunities tab.
ALTER TABLE opportunities ADD COLUMN close_date date;
ALTER TABLE opportunities ADD COLUMN probability integer NOT NULL DEFAULT 0
    CHECK (probability BETWEEN 0 AND 100);
CREATE INDEX opportunities_campaign_stage_idx ON opportunities (campaign_id, stage);
