-- name: user_by_token_hash
SELECT u.id, u.name, u.email, u.privileges
FROM api_tokens t JOIN users u ON u.id = t.user_id
WHERE t.token_hash = $1;

-- name: get_user
SELECT id, name, email, privileges FROM users WHERE id = $1;

-- name: upsert_user
-- Demo data and tests re-run this freely: the row is replaced in place.
INSERT INTO users (id, name, email, privileges) VALUES ($1, $2, $3, $4)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, privileges = EXCLUDED.privileges;

-- name: insert_token
INSERT INTO api_tokens (token_hash, user_id, label) VALUES ($1, $2, $3)
ON CONFLICT (token_hash) DO NOTHING;
