-- name: claim_idempotency_key
-- Takes a key for a first request. A row older than the keys' lifetime is
-- replaced (it no longer protects anything); otherwise an existing row is
-- left alone and nothing is returned, so the caller reads it.
INSERT INTO idempotency_keys AS k (user_id, key, request_hash)
VALUES ($1, $2, $3)
ON CONFLICT (user_id, key) DO UPDATE
    SET request_hash = EXCLUDED.request_hash, state = 'pending', status = 0, content_type = '',
        location = '', body = '', created_at = now()
    WHERE k.created_at < now() - make_interval(secs => $4)
RETURNING true;

-- name: get_idempotency_key
SELECT request_hash, state, status, content_type, location, body FROM idempotency_keys
WHERE user_id = $1 AND key = $2;

-- name: keep_idempotent_answer
UPDATE idempotency_keys SET state = 'done', status = $3, content_type = $4, location = $5, body = $6
WHERE user_id = $1 AND key = $2 AND state = 'pending';

-- name: release_idempotency_key
-- A first request that failed on our side (5xx) keeps no answer: the key is
-- free again, so the client's retry runs the request.
DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND state = 'pending';

-- name: purge_idempotency_keys
DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1);
