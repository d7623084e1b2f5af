-- name: insert_folder
INSERT INTO folders (id, name, page_size, logo_name, logo_type, logo) VALUES ($1, $2, $3, $4, $5, $6);

-- name: get_folder
SELECT id, name, page_size, logo_name, logo_type, logo, created_at FROM folders WHERE id = $1;

-- name: insert_document
INSERT INTO documents (id, folder_id, name, subject, body, attachment_name, attachment_type, attachment, due_date, page_size)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: get_document
SELECT id, folder_id, name, subject, body, attachment_name, attachment_type, attachment, due_date, created_at, updated_at, page_size
FROM documents WHERE id = $1;

-- name: list_folder_documents
SELECT id, folder_id, name, subject, body, attachment_name, attachment_type, NULL::bytea, due_date, created_at, updated_at, page_size
FROM documents WHERE folder_id = $1 ORDER BY name, id;

-- name: insert_generated_document
-- Keyed: printing the same item again keeps the first file. $8 is the
-- file's bytes, $9 its content type.
INSERT INTO generated_documents (id, idem_key, document_id, contact_id, lead_id, campaign_id, batch_id, file_name, pdf, content_type)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (idem_key) DO NOTHING;

-- name: generated_document_by_key
SELECT id FROM generated_documents WHERE idem_key = $1;

-- name: get_generated_document
SELECT id, coalesce(document_id::text, ''), coalesce(contact_id::text, ''), lead_id, coalesce(campaign_id::text, ''),
    coalesce(batch_id::text, ''), file_name, content_type, length(pdf), created_at, pdf
FROM generated_documents WHERE id = $1;
