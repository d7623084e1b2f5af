-- name: upsert_contact
INSERT INTO contacts (id, first_name, last_name, email, phone, status)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
    email = EXCLUDED.email, phone = EXCLUDED.phone, updated_at = now();

-- name: get_contact
-- An erased contact is not found.
SELECT id, first_name, last_name, email, phone, status, created_at FROM contacts WHERE id = $1 AND erased_at IS NULL;

-- name: missing_contacts
-- Returns the requested ids that name no contact (or an erased one), so one
-- answer lists them all.
SELECT want.id::text FROM unnest($1::uuid[]) AS want(id)
WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = want.id AND c.erased_at IS NULL);
