-- A lead may come from a campaign (its source campaign). A lead that arrives
-- while the campaign's current version is in Test is a test lead: flagged,
-- never billed, and left out of lists, exports, charts and audiences unless
-- asked for.
ALTER TABLE leads ADD COLUMN campaign_id uuid REFERENCES campaigns(id) ON DELETE SET NULL;
ALTER TABLE leads ADD COLUMN is_test boolean NOT NULL DEFAULT false;
CREATE INDEX leads_campaign_idx ON leads (campaign_id) WHERE campaign_id IS NOT NULL;
