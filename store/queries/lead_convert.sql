-- name: get_contact_for_update
-- An erased contact is not found: a lead is never converted into one.
SELECT id FROM contacts WHERE id = $1 AND erased_at IS NULL FOR UPDATE;

-- name: insert_contact_from_lead
INSERT INTO contacts (id, first_name, last_name, email, phone, status, position, company_id,
    address, address_city, address_state, address_country, address_zip)
VALUES ($1, $2, $3, $4, $5, 'Other', $6, $7, $8, $9, $10, $11, $12);

-- name: move_lead_details_to_contact
-- Communication details always move to the contact; the address only when
-- $8 is true (outside B2B mode, where the company takes the address). Empty
-- lead values never erase what the contact has. The lead's time zone ($12)
-- moves like them, so send windows keep following the person; consent ($13)
-- is the stricter of the two: a lead that refused contact never becomes a
-- contact campaigns may write to, and a lead's consent does not undo a
-- contact's refusal.
UPDATE contacts SET
    email = CASE WHEN $2 <> '' THEN $2 ELSE email END,
    phone = CASE WHEN $3 <> '' THEN $3 ELSE phone END,
    position = CASE WHEN $4 <> '' THEN $4 ELSE position END,
    company_id = coalesce($5, company_id),
    address = CASE WHEN $8 AND $6 <> '' THEN $6 ELSE address END,
    address_city = CASE WHEN $8 AND $7 <> '' THEN $7 ELSE address_city END,
    address_state = CASE WHEN $8 AND $9 <> '' THEN $9 ELSE address_state END,
    address_country = CASE WHEN $8 AND $10 <> '' THEN $10 ELSE address_country END,
    address_zip = CASE WHEN $8 AND $11 <> '' THEN $11 ELSE address_zip END,
    time_zone = CASE WHEN $12 <> '' THEN $12 ELSE time_zone END,
    consent_to_contact = consent_to_contact AND $13,
    updated_at = now()
WHERE id = $1;

-- name: company_by_name
SELECT id FROM companies WHERE lower(name) = lower($1);

-- name: insert_company
-- Two conversions naming the same new company race on the unique name index;
-- the loser reads the winner's row.
INSERT INTO companies (id, name, address, address_city, address_state, address_country, address_zip)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (lower(name)) DO NOTHING;

-- name: insert_lead_opportunity
INSERT INTO opportunities (id, contact_id, company_id, lead_id, kind, template, description)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: get_company
SELECT id, name, address, address_city, address_state, address_country, address_zip FROM companies WHERE id = $1;

-- name: get_contact_details
SELECT id, first_name, last_name, email, phone, status, position, coalesce(company_id::text, ''),
    address, address_city, address_state, address_country, address_zip, time_zone, consent_to_contact
FROM contacts WHERE id = $1;

-- name: get_converted_opportunity
SELECT id, contact_id, coalesce(company_id::text, ''), coalesce(lead_id, 0), kind, template, description, stage
FROM opportunities WHERE id = $1;
