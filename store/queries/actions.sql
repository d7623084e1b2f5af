-- name: insert_outbox
-- Keyed by the action's idempotency key: a repeated action queues nothing new.
-- $9 lists the documents whose attachment files go with the message, $10 is
-- the HTML body of an HTML template. A delayed email ($12) is due at $11
-- (NULL: at once). The row carries the campaign's sender, send window (or
-- the audience's, $13) and over-cap choice as they are now, so a retried
-- send uses the same ones.
INSERT INTO outbox (idem_key, campaign_id, participant_id, contact_id, to_addr, subject, body, message_id, attachment_ids,
    from_name, from_addr, reply_to, html, due_at, delayed, send_window, over_cap)
SELECT $1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::uuid[], '{}'),
    coalesce(c.from_name, ''), coalesce(c.from_address, ''), coalesce(c.reply_to, ''),
    coalesce($10::text, ''), $11::timestamptz, coalesce($12::bool, false), coalesce($13::jsonb, c.send_window),
    coalesce(c.over_cap, 'defer')
FROM (SELECT) AS one LEFT JOIN campaigns c ON c.id = $2
ON CONFLICT (idem_key) DO NOTHING;

-- name: insert_outbox_rows
-- insert_outbox for many emails at once, one row per element of the arrays:
-- $9 holds each row's attachment document ids comma-separated ('' for none),
-- $12 each row's send window as JSON text (NULL: the campaign's). A delayed email is one
-- with a due time.
INSERT INTO outbox (idem_key, campaign_id, participant_id, contact_id, to_addr, subject, body, message_id, attachment_ids,
    from_name, from_addr, reply_to, html, due_at, delayed, send_window, over_cap)
SELECT r.key, r.campaign_id, r.participant_id, r.contact_id, r.to_addr, r.subject, r.body, r.message_id,
    CASE WHEN r.attach = '' THEN '{}'::uuid[] ELSE string_to_array(r.attach, ',')::uuid[] END,
    coalesce(c.from_name, ''), coalesce(c.from_address, ''), coalesce(c.reply_to, ''),
    r.html, r.due_at, r.due_at IS NOT NULL, coalesce(r.send_window::jsonb, c.send_window), coalesce(c.over_cap, 'defer')
FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
        $10::text[], $11::timestamptz[], $12::text[])
    AS r(key, campaign_id, participant_id, contact_id, to_addr, subject, body, message_id, attach, html, due_at, send_window)
LEFT JOIN campaigns c ON c.id = r.campaign_id
ON CONFLICT (idem_key) DO NOTHING;

-- name: cancel_delayed_emails
-- The participants ($2) of campaign $1 left the status whose delayed emails
-- still wait: those are not sent (see "Delayed email" in the architecture).
UPDATE outbox SET status = 'cancelled', last_error = 'the participant left the status that scheduled it'
WHERE campaign_id = $1 AND participant_id = ANY($2::uuid[]) AND delayed AND status = 'pending';

-- name: cancel_waiting_campaign_emails
-- Campaign $1 ended: its emails still waiting for a later moment (delayed,
-- or deferred by a send window or the frequency cap) are not sent; $2 says why.
UPDATE outbox SET status = 'cancelled', last_error = $2
WHERE campaign_id = $1 AND status = 'pending' AND due_at IS NOT NULL;

-- name: insert_activity
INSERT INTO activities (id, idem_key, contact_id, campaign_id, participant_id, kind, owner_id, subject, details, due_at)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (idem_key) DO NOTHING;

-- name: insert_activity_rows
-- insert_activity for many activities at once, one row per element of the
-- arrays ($8: each one's details as JSON text).
INSERT INTO activities (id, idem_key, contact_id, campaign_id, participant_id, kind, owner_id, subject, details, due_at)
SELECT gen_random_uuid(), r.key, r.contact_id, r.campaign_id, r.participant_id, r.kind, r.owner_id, r.subject,
    r.details::jsonb, r.due_at
FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::timestamptz[])
    AS r(key, contact_id, campaign_id, participant_id, kind, owner_id, subject, details, due_at)
ON CONFLICT (idem_key) DO NOTHING;

-- name: insert_opportunity
INSERT INTO opportunities (id, idem_key, contact_id, campaign_id, description, expected_revenue)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)
ON CONFLICT (idem_key) DO NOTHING;

-- name: pending_outbox_keys
-- The participants' emails not sent yet: pending, or claimed by a sender
-- (the send claims what it may and waits for the others).
-- Those due later (delayed emails) are the outbox sender's.
SELECT idem_key FROM outbox WHERE participant_id = ANY($1::uuid[])
  AND (status = 'sending' OR (status = 'pending' AND (due_at IS NULL OR due_at <= now())))
ORDER BY idem_key;

-- name: outbox_count_for_campaign
-- A claimed message is still pending: it is not sent until its row says so.
SELECT count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status IN ('pending', 'sending')),
    count(*) FILTER (WHERE status = 'failed')
FROM outbox WHERE campaign_id = $1;

-- name: folder_documents_by_ids
SELECT id, folder_id, name, subject, body, attachment_name, attachment_type, attachment, due_date, created_at, updated_at, page_size
FROM documents WHERE id = ANY($1::uuid[]) AND folder_id = $2;

-- name: insert_print_activity
-- The printed document on the contact's activities, pointing at the file kept
-- under the same key.
INSERT INTO activities (id, idem_key, contact_id, campaign_id, participant_id, kind, owner_id, subject, details)
SELECT gen_random_uuid(), $1, $2, $3, $4, 'document', $5, $6,
    jsonb_build_object('generated_document_id', g.id, 'file_name', g.file_name, 'document_id', g.document_id,
        'content_type', g.content_type, 'download', '/api/v1/generated-documents/' || g.id || '/file')
FROM generated_documents g WHERE g.idem_key = $1
ON CONFLICT (idem_key) DO NOTHING;

-- name: insert_print_batch_item
-- Lists a PDF the campaign-wide start printed in the campaign's print batch
-- process, as the next item; the batch is running again until the start ends.
WITH item AS (
    INSERT INTO batch_items (batch_id, seq, item_id, status, result)
    SELECT $1, coalesce((SELECT max(seq) FROM batch_items WHERE batch_id = $1), 0) + 1, $2, 'succeeded',
        jsonb_build_object('generated_document_id', g.id, 'file_name', g.file_name, 'contact_id', g.contact_id,
            'content_type', g.content_type, 'download', '/api/v1/generated-documents/' || g.id || '/file')
    FROM generated_documents g WHERE g.idem_key = $3
    RETURNING batch_id
)
UPDATE batch_processes SET total = total + 1, succeeded = succeeded + 1, status = 'running', finished_at = NULL
WHERE id = $1 AND EXISTS (SELECT 1 FROM item);

-- name: insert_activity_plan
-- An activity plan from an active template: assigned to the contact's
-- covering user in the coverage role $5 when one is given (no such user: no
-- plan), else to the participant's owner $6. Its steps become activities
-- keyed under the plan's key.
WITH t AS (SELECT id, name, steps FROM activity_plan_templates WHERE id = $1::uuid AND active),
who AS (
    SELECT CASE WHEN $5::text = '' THEN $6::uuid
        ELSE (SELECT cc.user_id FROM contact_coverage cc WHERE cc.contact_id = $3 AND cc.role = $5
              ORDER BY cc.created_at, cc.user_id LIMIT 1) END AS uid
),
plan AS (
    INSERT INTO activity_plans (id, idem_key, template_id, contact_id, campaign_id, participant_id, assignee_id, name)
    SELECT gen_random_uuid(), $2, t.id, $3, $4, $7, who.uid, t.name FROM t, who WHERE who.uid IS NOT NULL
    ON CONFLICT (idem_key) DO NOTHING
    RETURNING id, assignee_id
)
INSERT INTO activities (id, idem_key, contact_id, campaign_id, participant_id, kind, owner_id, subject, details, due_at)
SELECT gen_random_uuid(), $2 || '/s' || s.ord, $3, $4, $7, s.step->>'kind', plan.assignee_id, s.step->>'subject',
    jsonb_build_object('activity_plan_id', plan.id, 'activity_plan', t.name),
    now() + make_interval(days => coalesce((s.step->>'due_in_days')::int, 0))
FROM plan, t, jsonb_array_elements(t.steps) WITH ORDINALITY AS s(step, ord)
ON CONFLICT (idem_key) DO NOTHING;
