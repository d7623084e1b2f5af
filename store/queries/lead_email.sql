-- name: insert_lead_outbox
-- Keyed by the batch item: a retried page queues nothing new. $9 is the
-- batch, which the email's unsubscribe link names.
INSERT INTO outbox (idem_key, lead_id, to_addr, subject, body, html, attachment_ids, message_id, batch_id)
VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8, $9)
ON CONFLICT (idem_key) DO NOTHING;

-- name: outbox_states
SELECT idem_key, status, message_id, last_error, due_at FROM outbox WHERE idem_key = ANY($1::text[]);
