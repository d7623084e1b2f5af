-- name: print_folder
-- The page size and logo of the folder a campaign prints from.
SELECT id, name, page_size, logo_name, logo_type, logo, created_at FROM folders WHERE id = $1;

-- name: insert_printed_lead_activity
-- A lead's printed document on its activities; the id is derived from the
-- batch item's key, so a retried page adds nothing.
INSERT INTO lead_activities (id, lead_id, kind, subject, details, done, created_by)
VALUES ($1, $2, 'document', $3, $4, true, $5)
ON CONFLICT (id) DO NOTHING
RETURNING id;

-- name: batch_files
-- The files a print batch produced, in item order.
SELECT g.file_name, g.content_type, g.pdf
FROM batch_items i JOIN generated_documents g ON g.id = (i.result->>'generated_document_id')::uuid
WHERE i.batch_id = $1 AND i.result ? 'generated_document_id'
ORDER BY i.seq;

-- name: batch_file_count
SELECT count(*) FROM batch_items WHERE batch_id = $1 AND result ? 'generated_document_id';

-- name: get_batch_output
SELECT files, file_name, content_type, content FROM batch_outputs WHERE batch_id = $1;

-- name: save_batch_output
INSERT INTO batch_outputs (batch_id, files, file_name, content_type, content) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (batch_id) DO UPDATE SET files = excluded.files, file_name = excluded.file_name,
    content_type = excluded.content_type, content = excluded.content, created_at = now();

-- name: outbox_recipients
-- Who each outgoing email is for: its contact or lead and its campaign.
SELECT o.idem_key, coalesce(o.contact_id::text, ''), o.lead_id, coalesce(c.name, '')
FROM outbox o LEFT JOIN campaigns c ON c.id = o.campaign_id
WHERE o.idem_key = ANY($1::text[]);

-- name: insert_outbox_file
-- The first fill of an email's Word attachment is kept; a retry reads it back.
INSERT INTO outbox_files (idem_key, document_id, content) VALUES ($1, $2, $3)
ON CONFLICT (idem_key, document_id) DO NOTHING;

-- name: get_outbox_file
SELECT content FROM outbox_files WHERE idem_key = $1 AND document_id = $2;
