-- Indexes the Leads workspace needs at a million leads: the name search,
-- the saved filters and chips (each ordered by the default sort, newest
-- first), the Name sort, the Source Type chip's choices and the charts.

-- The text search matches every word anywhere in a lead's name: a trigram
-- index on "first last" serves ILIKE '%word%' (store/lead_list.go writes
-- the same expression). pg_trgm is a trusted extension: the database owner
-- may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX leads_name_trgm_idx ON leads USING gin ((first_name || ' ' || last_name) gin_trgm_ops);

-- My Leads (created by me) and the Owner chip, Recent and Stale (owned by
-- me), newest first.
CREATE INDEX leads_created_by_idx ON leads (created_by, created_at, id);
CREATE INDEX leads_owner_created_idx ON leads (owner_id, created_at, id);

-- The Source Type chip, newest first; its choices are read by skipping
-- through this index (one probe per distinct value).
CREATE INDEX leads_source_type_idx ON leads (source_type, created_at, id);

-- Sorting by first name (the last name has leads_last_name_idx).
CREATE INDEX leads_first_name_idx ON leads (first_name, id);

-- The monthly charts count the real leads of the last months by source
-- type and status: an index-only scan of this one.
CREATE INDEX leads_chart_idx ON leads (created_at) INCLUDE (source_type, status) WHERE NOT is_test;

-- Leads Converted by Week: an index-only scan of the real conversions.
DROP INDEX leads_converted_idx;
CREATE INDEX leads_converted_idx ON leads (converted_at) WHERE converted_at IS NOT NULL AND NOT is_test;
