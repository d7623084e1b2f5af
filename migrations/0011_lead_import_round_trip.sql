-- An import leaves 'importing' when its batch process ends: 'completed' or
-- 'failed' (a failed import keeps the rows it imported; the rest stay staged).
ALTER TABLE lead_imports DROP CONSTRAINT lead_imports_status_check;
ALTER TABLE lead_imports ADD CONSTRAINT lead_imports_status_check
    CHECK (status IN ('staged', 'importing', 'completed', 'failed'));

-- A row that matches an existing lead is a duplicate and is skipped when the
-- import completes, unless the reviewer asked to import it anyway.
ALTER TABLE lead_import_rows ADD COLUMN import_duplicate boolean NOT NULL DEFAULT false;

-- The one place where an import row is matched to the existing leads it may
-- duplicate: same email (case-insensitive), same phone as leads store it
-- (E.164 when the row names its country), or same first name, last name and
-- company (case-insensitive; no company matches no company). own_lead, the
-- lead the row created, is not its own duplicate. Returns
-- [{"lead_id": n, "by": ["email", "phone", "name"]}, ...] ordered by lead id.
CREATE FUNCTION lead_import_matches(row_data jsonb, row_phone text, own_lead bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('lead_id', m.id, 'by', m.by) ORDER BY m.id), '[]'::jsonb)
    FROM (
        SELECT l.id, array_remove(ARRAY[
            CASE WHEN r.email <> '' AND l.email <> '' AND lower(l.email) = r.email THEN 'email' END,
            CASE WHEN r.phone <> '' AND l.phone <> '' AND l.phone = r.phone THEN 'phone' END,
            CASE WHEN r.last_name <> '' AND lower(l.first_name) = r.first_name AND lower(l.last_name) = r.last_name
                  AND lower(trim(l.company)) = r.company THEN 'name' END
        ], NULL) AS by
        FROM (SELECT lower(trim(coalesce(row_data->>'email', ''))) AS email,
                     coalesce(row_phone, '') AS phone,
                     lower(trim(coalesce(row_data->>'first_name', ''))) AS first_name,
                     lower(trim(coalesce(row_data->>'last_name', ''))) AS last_name,
                     lower(trim(coalesce(row_data->>'company', ''))) AS company) r
        JOIN leads l ON (r.email <> '' AND l.email <> '' AND lower(l.email) = r.email)
            OR (r.phone <> '' AND l.phone <> '' AND l.phone = r.phone)
            OR (r.last_name <> '' AND lower(l.first_name) = r.first_name AND lower(l.last_name) = r.last_name
                AND lower(trim(l.company)) = r.company)
        WHERE own_lead IS NULL OR l.id <> own_lead
    ) m
$$;
