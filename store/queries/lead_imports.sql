-- name: insert_lead_import
INSERT INTO lead_imports (id, file_name, created_by) VALUES ($1, $2, $3);

-- name: insert_lead_import_rows
-- Rows are numbered 1..n in file order (the header is not a row).
INSERT INTO lead_import_rows (import_id, row_no, data, match_phone, errors)
SELECT $1, t.ord::int, t.d::jsonb, t.p, t.e::jsonb
FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(d, p, e, ord);

-- name: get_lead_import
SELECT i.id, i.file_name, i.status, coalesce(i.batch_id::text, ''), coalesce(i.created_by::text, ''),
    count(r.row_no)::int,
    (count(*) FILTER (WHERE r.errors <> '[]'::jsonb AND NOT r.skip AND r.status = 'staged'))::int,
    (count(*) FILTER (WHERE r.skip OR r.status = 'skipped'))::int,
    (count(*) FILTER (WHERE r.status = 'imported'))::int,
    (count(*) FILTER (WHERE r.status = 'failed'))::int,
    (count(*) FILTER (WHERE r.status = 'staged' AND NOT r.skip
        AND lead_import_matches(r.data, r.match_phone, r.lead_id) <> '[]'::jsonb))::int
FROM lead_imports i LEFT JOIN lead_import_rows r ON r.import_id = i.id
WHERE i.id = $1
GROUP BY i.id;

-- name: lead_import_rows
-- Each row with the existing leads it may duplicate (lead_import_matches).
SELECT r.row_no, r.data, r.skip, r.import_duplicate, r.status, r.lead_id, r.message, r.errors,
    lead_import_matches(r.data, r.match_phone, r.lead_id)
FROM lead_import_rows r
WHERE r.import_id = $1 AND r.row_no > $2
ORDER BY r.row_no LIMIT $3;

-- name: lead_import_row_matches
-- The existing leads one row duplicates now, as the import batch checks it.
SELECT lead_import_matches(data, match_phone, lead_id) FROM lead_import_rows WHERE import_id = $1 AND row_no = $2;

-- name: lock_lead_import
SELECT status FROM lead_imports WHERE id = $1 FOR UPDATE;

-- name: get_lead_import_row
SELECT data, skip, import_duplicate, status FROM lead_import_rows WHERE import_id = $1 AND row_no = $2;

-- name: update_lead_import_row
UPDATE lead_import_rows SET data = $3, match_phone = $4, errors = $5, skip = $6, import_duplicate = $7
WHERE import_id = $1 AND row_no = $2;

-- name: start_lead_import
UPDATE lead_imports SET status = 'importing' WHERE id = $1 AND status = 'staged';

-- name: set_lead_import_batch
UPDATE lead_imports SET batch_id = $2 WHERE id = $1;

-- name: revert_lead_import
UPDATE lead_imports SET status = 'staged' WHERE id = $1 AND batch_id IS NULL;

-- name: lead_import_row_numbers
SELECT row_no::text FROM lead_import_rows WHERE import_id = $1 ORDER BY row_no;

-- name: finish_lead_import_row
-- Only a staged row takes an outcome.
UPDATE lead_import_rows SET status = $3, lead_id = $4, message = $5
WHERE import_id = $1 AND row_no = $2 AND status = 'staged';

-- name: lead_import_row_outcome
SELECT data, skip, import_duplicate, status, lead_id, message FROM lead_import_rows WHERE import_id = $1 AND row_no = $2;

-- name: finish_lead_import
-- The end of an import's batch process: completed or failed. The import is
-- found by the id the batch was started with, else by its batch link; only
-- an import still importing changes.
UPDATE lead_imports SET status = $3
WHERE status = 'importing' AND (id = $1::uuid OR batch_id = $2::uuid);
