-- name: insert_batch
INSERT INTO batch_processes (id, type, params, total, created_by) VALUES ($1, $2, $3, $4, $5);

-- name: insert_batch_items
-- Items are numbered 1..n in the order given.
INSERT INTO batch_items (batch_id, seq, item_id)
SELECT $1, ord::int, item FROM unnest($2::text[]) WITH ORDINALITY AS t(item, ord);

-- name: get_batch
SELECT id, type, status, params, total, succeeded, failed, skipped, error,
    coalesce(created_by::text, ''), created_at, started_at, finished_at
FROM batch_processes WHERE id = $1;

-- name: list_batches
-- Newest first, keyset on (created_at, id); $1 = type filter or '' for all.
-- Only the batches the viewer may see ($5 the lead batch types, $6-$9 the
-- viewer) are listed, so every page is full and its cursor exact.
SELECT id, type, status, params, total, succeeded, failed, skipped, error,
    coalesce(created_by::text, ''), created_at, started_at, finished_at
FROM batch_processes b
WHERE ($1 = '' OR type = $1)
  AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
  AND {{batch_visible b $5 $6 $7 $8 $9}}
ORDER BY created_at DESC, id DESC LIMIT $4;

-- name: batch_items_after
SELECT seq, item_id, status, message, result FROM batch_items
WHERE batch_id = $1 AND seq > $2 ORDER BY seq LIMIT $3;

-- name: pending_batch_items
SELECT seq, item_id, status, message, result FROM batch_items
WHERE batch_id = $1 AND seq > $2 AND status = 'pending' ORDER BY seq LIMIT $3;

-- name: mark_batch_running
UPDATE batch_processes SET status = 'running', started_at = coalesce(started_at, now())
WHERE id = $1 AND status = 'pending';

-- name: record_item_result
-- Only a pending item takes an outcome, so a retried page changes nothing twice.
UPDATE batch_items SET status = $3, message = $4, result = $5, updated_at = now()
WHERE batch_id = $1 AND seq = $2 AND status = 'pending';

-- name: refresh_batch_counts
-- Counters are derived from the items, never incremented, so they cannot drift.
UPDATE batch_processes b SET
    succeeded = c.succeeded, failed = c.failed, skipped = c.skipped
FROM (SELECT count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
             count(*) FILTER (WHERE status = 'failed') AS failed,
             count(*) FILTER (WHERE status = 'skipped') AS skipped
      FROM batch_items WHERE batch_id = $1) c
WHERE b.id = $1;

-- name: finish_batch
UPDATE batch_processes SET status = $2, error = $3, finished_at = coalesce(finished_at, now())
WHERE id = $1 AND status IN ('pending', 'running');
