-- Users and tokens are managed through the API and the command line.
--
-- A deactivated user keeps its records (campaigns, leads and activities point
-- at it) but none of its tokens authenticates any more.
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;
-- bcrypt hash of the password the web sign-in will check; NULL: no password.
ALTER TABLE users ADD COLUMN password_hash text;
-- An email names one person whatever its case: "Ann@x.test" and "ann@x.test"
-- cannot be two users.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

-- A token gets an id (the secret is only ever shown once, so revoking and
-- listing need another name for it), an optional expiry, and the time it was
-- last used (written at most once a minute, see user_by_token_hash).
ALTER TABLE api_tokens ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_id_key UNIQUE (id);
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, created_at DESC, id DESC);
