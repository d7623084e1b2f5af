-- Sessions of the web sign-in. The cookie carries a random id; only its
-- SHA-256 digest is stored, so a copy of this table signs nobody in.
--
-- A session ends when it is idle too long (last_seen_at, refreshed at most
-- once a minute), at its absolute expiry (expires_at), at sign-out (the row
-- is deleted), or at once when its user is deactivated (the lookup joins the
-- active users; deactivation also deletes the rows).
CREATE TABLE web_sessions (
    id_hash      bytea PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The secret every form of the session carries (CSRF token).
    csrf_secret  bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX web_sessions_user_idx ON web_sessions (user_id);
