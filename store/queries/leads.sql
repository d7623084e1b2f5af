-- name: lead_settings
SELECT b2b_mode FROM lead_settings WHERE id;

-- name: set_lead_settings
UPDATE lead_settings SET b2b_mode = $1, updated_at = now() WHERE id;

-- name: insert_lead
-- The creator owns the new lead; the import key is NULL outside imports.
INSERT INTO leads (first_name, last_name, company, position, email, phone, phone_country, market_segment,
    sales_concept, source, source_type, consent_to_contact, matched_contact_id, address, address_city,
    address_state, address_country, address_zip, owner_id, created_by, import_key, campaign_id, is_test, time_zone,
    phone_display)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20, $21, $22, $23, $24)
RETURNING id;

-- name: lead_by_import_key
SELECT id FROM leads WHERE import_key = $1;

-- name: rescore_lead
-- Called in the transaction of every lead write.
UPDATE leads SET score = lead_score(leads) WHERE id = $1;

-- name: rescore_all_leads
-- Called in the transaction of every rule change: one set-based statement,
-- touching only the leads whose score moves (updated_at is left alone: a rule
-- change is not an edit of the lead).
UPDATE leads SET score = lead_score(leads) WHERE score <> lead_score(leads);

-- name: get_lead
SELECT id, first_name, last_name, company, position, email, phone, phone_country, market_segment, sales_concept,
    source, source_type, consent_to_contact, coalesce(matched_contact_id::text, ''), address, address_city,
    address_state, address_country, address_zip, status, score, coalesce(owner_id::text, ''),
    coalesce(created_by::text, ''), coalesce(contact_id::text, ''), coalesce(company_id::text, ''),
    coalesce(opportunity_id::text, ''), converted_at, created_at, updated_at,
    coalesce(campaign_id::text, ''), is_test, time_zone, coalesce(phone_display, '')
FROM leads WHERE id = $1;

-- name: get_lead_for_update
SELECT id, first_name, last_name, company, position, email, phone, phone_country, market_segment, sales_concept,
    source, source_type, consent_to_contact, coalesce(matched_contact_id::text, ''), address, address_city,
    address_state, address_country, address_zip, status, score, coalesce(owner_id::text, ''),
    coalesce(created_by::text, ''), coalesce(contact_id::text, ''), coalesce(company_id::text, ''),
    coalesce(opportunity_id::text, ''), converted_at, created_at, updated_at,
    coalesce(campaign_id::text, ''), is_test, time_zone, coalesce(phone_display, '')
FROM leads WHERE id = $1 FOR UPDATE;

-- name: update_lead
UPDATE leads SET first_name = $2, last_name = $3, company = $4, position = $5, email = $6, phone = $7,
    phone_country = $8, market_segment = $9, sales_concept = $10, source = $11, source_type = $12,
    consent_to_contact = $13, matched_contact_id = $14, address = $15, address_city = $16, address_state = $17,
    address_country = $18, address_zip = $19, status = $20, owner_id = $21, contact_id = $22, company_id = $23,
    opportunity_id = $24, converted_at = $25, time_zone = $26, phone_display = $27, updated_at = now()
WHERE id = $1;

-- name: delete_lead
-- The lead's generated PDFs go with it: they carry its personal data, and a
-- deleted lead is gone for good.
WITH pdfs AS (DELETE FROM generated_documents WHERE lead_id = $1)
DELETE FROM leads WHERE id = $1
RETURNING id, first_name, last_name, company, position, email, phone, phone_country, market_segment, sales_concept,
    source, source_type, consent_to_contact, coalesce(matched_contact_id::text, ''), address, address_city,
    address_state, address_country, address_zip, status, score, coalesce(owner_id::text, ''),
    coalesce(created_by::text, ''), coalesce(contact_id::text, ''), coalesce(company_id::text, ''),
    coalesce(opportunity_id::text, ''), converted_at, created_at, updated_at,
    coalesce(campaign_id::text, ''), is_test, time_zone, coalesce(phone_display, '');

-- name: insert_lead_audit
INSERT INTO lead_audit (lead_id, entity, action, user_id, before, after) VALUES ($1, $2, $3, $4, $5, $6);

-- name: lead_audit
SELECT id, lead_id, entity, action, coalesce(user_id::text, ''), at, before, after
FROM lead_audit WHERE lead_id = $1 AND id > $2 ORDER BY id LIMIT $3;

-- name: user_exists
SELECT EXISTS (SELECT 1 FROM users WHERE id = $1);

-- name: select_leads
-- The list and the export add their WHERE and ORDER BY (built from a fixed
-- set of filters and sort columns in store/lead_list.go).
SELECT id, first_name, last_name, company, position, email, phone, phone_country, market_segment, sales_concept,
    source, source_type, consent_to_contact, coalesce(matched_contact_id::text, ''), address, address_city,
    address_state, address_country, address_zip, status, score, coalesce(owner_id::text, ''),
    coalesce(created_by::text, ''), coalesce(contact_id::text, ''), coalesce(company_id::text, ''),
    coalesce(opportunity_id::text, ''), converted_at, created_at, updated_at,
    coalesce(campaign_id::text, ''), is_test, time_zone, coalesce(phone_display, '')
FROM leads

-- name: lead_generated_documents
SELECT id, coalesce(document_id::text, ''), coalesce(contact_id::text, ''), lead_id, coalesce(campaign_id::text, ''),
    coalesce(batch_id::text, ''), file_name, content_type, length(pdf), created_at
FROM generated_documents WHERE lead_id = $1 ORDER BY created_at, id;

-- name: campaign_lead_intake
-- The status of the campaign's current version, read under a share lock so
-- that a version change waits for the lead being created. A campaign the
-- lead's creator ($2-$4) may not see is not found, as if it did not exist.
SELECT v.status, v.version FROM campaigns c
JOIN campaign_versions v ON v.campaign_id = c.id AND v.version = c.current_version
WHERE c.id = $1 AND {{campaign_visible c $2 $3 $4}}
FOR SHARE OF c;
