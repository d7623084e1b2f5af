-- name: documents_by_ids
SELECT id, folder_id, name, subject, body, attachment_name, attachment_type, attachment, due_date, created_at, updated_at, page_size
FROM documents WHERE id = ANY($1::uuid[]);

-- name: ensure_print_batch
INSERT INTO batch_processes (id, type, params, status, started_at) VALUES ($1, $2, $3, 'running', now())
ON CONFLICT (id) DO NOTHING;

-- name: finish_print_batch
UPDATE batch_processes SET status = 'completed', finished_at = now() WHERE id = $1 AND status = 'running';

-- name: participant_ids
SELECT id::text FROM participants WHERE campaign_id = $1 ORDER BY id;
