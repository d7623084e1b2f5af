-- name: insert_contact_profile
INSERT INTO contacts (id, first_name, last_name, email, phone, status, partner_type, tags, consent_to_contact, time_zone)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: get_contact_profile
SELECT id, first_name, last_name, email, phone, status, created_at, partner_type, tags, consent_to_contact, time_zone FROM contacts WHERE id = $1;

-- name: lock_contact_profile
SELECT id, first_name, last_name, email, phone, status, created_at, partner_type, tags, consent_to_contact, time_zone FROM contacts WHERE id = $1
FOR UPDATE;

-- name: update_contact_profile
UPDATE contacts SET first_name = $2, last_name = $3, email = $4, phone = $5, status = $6,
    partner_type = $7, tags = $8, consent_to_contact = $9, time_zone = $10, updated_at = now()
WHERE id = $1;

-- name: contact_page
-- One keyset page of contacts in name order (last name, first name, id,
-- case-insensitive). Every word of $1 (LIKE patterns, escaped) must start
-- the first name, last name or email; $2-$4 are the previous page's last
-- row (NULL for the first page).
SELECT id, first_name, last_name, email, phone, status, created_at, partner_type, tags, consent_to_contact,
    coalesce(customer_status, ''), lower(last_name), lower(first_name)
FROM contacts
WHERE NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS w(p)
        WHERE NOT (first_name ILIKE w.p || '%' OR last_name ILIKE w.p || '%' OR email ILIKE w.p || '%'))
  AND ($2::text IS NULL OR (lower(last_name), lower(first_name), id) > ($2::text, $3::text, $4::uuid))
ORDER BY lower(last_name), lower(first_name), id
LIMIT $5;
