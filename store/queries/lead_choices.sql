-- The choices the Leads workspace offers in its filters and dialogs.

-- name: lead_users
-- The active users who can own a lead (the leads privilege, or
-- administrators), by name: the choices of an Owner field or filter.
SELECT id, name FROM users
WHERE active AND privileges && ARRAY['ilm:EnableIntegratedLeadManagement', 'admin']::text[]
ORDER BY lower(name), id LIMIT $1;

-- name: lead_source_types
-- The distinct source types of the leads, by name, read by skipping through
-- leads_source_type_idx (one probe per value), so that it stays fast however
-- many leads there are.
WITH RECURSIVE t(source_type) AS (
    (SELECT source_type FROM leads ORDER BY source_type LIMIT 1)
    UNION ALL
    SELECT (SELECT l.source_type FROM leads l WHERE l.source_type > t.source_type ORDER BY l.source_type LIMIT 1)
    FROM t WHERE t.source_type IS NOT NULL
)
SELECT source_type FROM t WHERE source_type IS NOT NULL LIMIT $1;

-- name: contact_choices
-- Contacts by name, the choices of a lead's Matched Contact.
SELECT id, trim(first_name || ' ' || last_name) FROM contacts ORDER BY lower(last_name), lower(first_name), id LIMIT $1;

-- name: document_choices
-- Documents by name with their folder, the choices of a batch print.
SELECT d.id, d.name, f.name, d.attachment_name FROM documents d JOIN folders f ON f.id = d.folder_id
ORDER BY lower(d.name), d.id LIMIT $1;

-- name: company_named
-- Whether a company of that name (in any case) exists: a B2B conversion
-- reuses it, else creates it.
SELECT EXISTS (SELECT 1 FROM companies WHERE lower(name) = lower($1));
