-- name: user_by_token_hash
-- A token authenticates only while its user is active and it has not expired.
-- It is a plain read: the token's last use comes back with the user, and the
-- caller records a new one with touch_token at most once an interval.
SELECT u.id, u.name, u.email, u.privileges, u.active, u.created_at, t.last_used_at
FROM api_tokens t JOIN users u ON u.id = t.user_id
WHERE t.token_hash = $1 AND u.active AND (t.expires_at IS NULL OR t.expires_at > now());

-- name: touch_token
-- Records a token's use, unless one was recorded in the last $2 seconds
-- (store.tokenTouchEvery; two requests that both saw an old use write it
-- once each, which is harmless).
UPDATE api_tokens SET last_used_at = now()
WHERE token_hash = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2));

-- name: get_user
SELECT id, name, email, privileges, active, created_at FROM users WHERE id = $1;

-- name: user_by_email
SELECT id, name, email, privileges, active, created_at FROM users WHERE lower(email) = lower($1);

-- name: lock_user
SELECT id, name, email, privileges, active, created_at FROM users WHERE id = $1 FOR UPDATE;

-- name: lock_active_admins
-- Locking every active administrator serialises changes that could remove
-- the last one: two administrators demoting each other at the same moment
-- cannot both see the other one still there.
SELECT count(*) FROM (
    SELECT id FROM users WHERE active AND 'admin' = ANY(privileges) ORDER BY id FOR UPDATE
) admins;

-- name: list_users
-- Newest first, keyset on (created_at, id).
SELECT id, name, email, privileges, active, created_at FROM users
WHERE $1::timestamptz IS NULL OR (created_at, id) < ($1, $2::uuid)
ORDER BY created_at DESC, id DESC LIMIT $3;

-- name: insert_user
-- $5 is the bcrypt hash of the password, or NULL.
INSERT INTO users (id, name, email, privileges, password_hash) VALUES ($1, $2, $3, $4, $5)
RETURNING id, name, email, privileges, active, created_at;

-- name: update_user
-- $5: set password_hash to $6 (a bcrypt hash) as well.
UPDATE users SET name = $2, privileges = $3, active = $4,
    password_hash = CASE WHEN $5::boolean THEN $6 ELSE password_hash END
WHERE id = $1
RETURNING id, name, email, privileges, active, created_at;

-- name: upsert_user
-- Demo data and tests re-run this freely: the row is replaced in place.
INSERT INTO users (id, name, email, privileges) VALUES ($1, $2, $3, $4)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, privileges = EXCLUDED.privileges;

-- name: insert_token
INSERT INTO api_tokens (token_hash, user_id, label) VALUES ($1, $2, $3)
ON CONFLICT (token_hash) DO NOTHING;

-- name: issue_token
INSERT INTO api_tokens (token_hash, user_id, label, expires_at) VALUES ($1, $2, $3, $4)
RETURNING id, user_id, label, created_at, expires_at, last_used_at;

-- name: list_tokens
-- One user's tokens, newest first, keyset on (created_at, id).
SELECT id, user_id, label, created_at, expires_at, last_used_at FROM api_tokens
WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
ORDER BY created_at DESC, id DESC LIMIT $4;

-- name: token_owner
SELECT user_id FROM api_tokens WHERE id = $1;

-- name: delete_token
DELETE FROM api_tokens WHERE id = $1;
