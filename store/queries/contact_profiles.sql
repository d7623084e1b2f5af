-- name: insert_contact_profile
INSERT INTO contacts (id, first_name, last_name, email, phone, status, partner_type, tags, consent_to_contact, time_zone)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: get_contact_profile
-- An erased contact is not found (here and in every read of one contact).
SELECT id, first_name, last_name, email, phone, status, created_at, partner_type, tags, consent_to_contact, time_zone FROM contacts
WHERE id = $1 AND erased_at IS NULL;

-- name: lock_contact_profile
SELECT id, first_name, last_name, email, phone, status, created_at, partner_type, tags, consent_to_contact, time_zone FROM contacts
WHERE id = $1 AND erased_at IS NULL
FOR UPDATE;

-- name: update_contact_profile
UPDATE contacts SET first_name = $2, last_name = $3, email = $4, phone = $5, status = $6,
    partner_type = $7, tags = $8, consent_to_contact = $9, time_zone = $10, updated_at = now()
WHERE id = $1;
