-- Idempotency keys: a POST sent with an Idempotency-Key header is answered
-- once; a repeat with the same key and the same request within 24 hours gets
-- the first answer again and does nothing. The key is the caller's, so it is
-- scoped to the user who sent it.
CREATE TABLE idempotency_keys (
    user_id      uuid NOT NULL,
    key          text NOT NULL,
    -- request_hash is SHA-256 of the method, the route, the path and the
    -- body: the same key with another request is refused.
    request_hash bytea NOT NULL,
    -- pending while the first request runs; done once its answer is kept.
    state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
    status       integer NOT NULL DEFAULT 0,
    content_type text NOT NULL DEFAULT '',
    location     text NOT NULL DEFAULT '',
    body         bytea NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
