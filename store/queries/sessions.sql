-- name: password_hash_by_email
-- The user signing in and their bcrypt hash ('' without a password). Only an
-- active user can sign in.
SELECT id, name, email, privileges, active, created_at, coalesce(password_hash, '')
FROM users WHERE lower(email) = lower($1) AND active;

-- name: insert_session
-- $1 digest of the cookie's id, $4 the absolute expiry.
INSERT INTO web_sessions (id_hash, user_id, csrf_secret, expires_at) VALUES ($1, $2, $3, $4);

-- name: delete_ended_sessions
-- A user's sessions that ended without a sign-out ($2: the idle timeout in seconds), so
-- that every sign-in tidies up after the ones before it.
DELETE FROM web_sessions
WHERE user_id = $1 AND (expires_at <= now() OR last_seen_at <= now() - $2::float8 * interval '1 second');

-- name: session_by_id_hash
-- A session counts only while its user is active and it has neither expired
-- nor been idle longer than $2 seconds. The same statement records the request, at
-- most once a minute, so that most requests only read.
WITH found AS (
    SELECT u.id, u.name, u.email, u.privileges, u.active, u.created_at, s.csrf_secret, s.expires_at
    FROM web_sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id_hash = $1 AND u.active AND s.expires_at > now() AND s.last_seen_at > now() - $2::float8 * interval '1 second'
), touched AS (
    UPDATE web_sessions SET last_seen_at = now()
    WHERE id_hash = $1 AND EXISTS (SELECT 1 FROM found) AND last_seen_at < now() - interval '1 minute'
)
SELECT id, name, email, privileges, active, created_at, csrf_secret, expires_at FROM found;

-- name: delete_session
DELETE FROM web_sessions WHERE id_hash = $1;

-- name: end_user_sessions
-- Deactivating a user ($2 false) or setting their password ($3) signs every
-- browser of theirs out.
DELETE FROM web_sessions WHERE user_id = $1 AND (NOT $2::boolean OR $3::boolean);

-- name: password_hash
SELECT coalesce(password_hash, '') FROM users WHERE id = $1;
