-- name: add_participants
-- Adds each contact once: a contact already in the campaign is skipped, so a
-- repeated request adds nothing. Every new participant starts Targeted and is
-- owned by $3 (the campaign manager) until an allocation model says otherwise.
-- Their version is the campaign's current one until the start records the
-- version they actually run (initiate_participants).
INSERT INTO participants (id, campaign_id, contact_id, owner_id, status, version)
SELECT gen_random_uuid(), $1, c, $3, 'Targeted', (SELECT current_version FROM campaigns WHERE id = $1)
FROM unnest($2::uuid[]) AS c
ON CONFLICT (campaign_id, contact_id) DO NOTHING;

-- name: count_participants
SELECT count(*) FROM participants WHERE campaign_id = $1;

-- name: list_participants
-- Keyset page of a campaign's participants in id order ($2 = last id seen, or nil).
SELECT p.id, p.campaign_id, p.contact_id, coalesce(p.owner_id::text, ''), p.status, p.transitions,
    p.version, p.is_test, p.status_since, c.first_name, c.last_name, c.email, p.created_at, p.unsubscribed_at
FROM participants p JOIN contacts c ON c.id = p.contact_id
WHERE p.campaign_id = $1 AND ($2::uuid IS NULL OR p.id > $2)
ORDER BY p.id LIMIT $3;

-- name: participants_by_ids
-- The campaign's participants among the ids ($2), as they are now, in id
-- order; ids no longer in the campaign are left out.
SELECT p.id, p.campaign_id, p.contact_id, coalesce(p.owner_id::text, ''), p.status, p.transitions,
    p.version, p.is_test, p.status_since, c.first_name, c.last_name, c.email, p.created_at, p.unsubscribed_at
FROM participants p JOIN contacts c ON c.id = p.contact_id
WHERE p.campaign_id = $1 AND p.id = ANY($2::uuid[])
ORDER BY p.id;

-- name: list_participants_with_status
-- As list_participants, only those in status $4 (case-insensitive).
SELECT p.id, p.campaign_id, p.contact_id, coalesce(p.owner_id::text, ''), p.status, p.transitions,
    p.version, p.is_test, p.status_since, c.first_name, c.last_name, c.email, p.created_at, p.unsubscribed_at
FROM participants p JOIN contacts c ON c.id = p.contact_id
WHERE p.campaign_id = $1 AND ($2::uuid IS NULL OR p.id > $2) AND lower(p.status) = lower($4)
ORDER BY p.id LIMIT $3;

-- name: get_participant
SELECT p.id, p.campaign_id, p.contact_id, coalesce(p.owner_id::text, ''), p.status, p.transitions,
    p.version, p.is_test, p.status_since, c.first_name, c.last_name, c.email, p.created_at, p.unsubscribed_at
FROM participants p JOIN contacts c ON c.id = p.contact_id
WHERE p.campaign_id = $1 AND p.id = $2;

-- name: lock_participant_page
-- One page of the bulk start, locked so that a concurrent status change waits
-- for the page's transaction instead of racing it.
SELECT p.id, p.campaign_id, p.contact_id, coalesce(p.owner_id::text, ''), p.status, p.transitions,
    p.version, p.is_test, p.status_since, c.first_name, c.last_name, c.email, p.created_at, c.phone
FROM participants p JOIN contacts c ON c.id = p.contact_id
WHERE p.campaign_id = $1 AND ($2::uuid IS NULL OR p.id > $2)
ORDER BY p.id LIMIT $3
FOR UPDATE OF p;

-- name: initiate_participants
-- Bulk start: Targeted -> Contacted for the given page. Participants without
-- an owner cannot be initiated and stay Targeted. Each records the version
-- whose definition it runs ($4) and whether it is a test run ($5).
UPDATE participants SET status = $3, transitions = transitions + 1, status_since = now(), updated_at = now(),
    version = $4, is_test = $5
WHERE campaign_id = $1 AND id = ANY($2::uuid[]) AND status = 'Targeted' AND owner_id IS NOT NULL
RETURNING id, transitions, status_since;

-- name: lock_participant
SELECT p.id, p.campaign_id, p.contact_id, coalesce(p.owner_id::text, ''), p.status, p.transitions,
    p.version, p.is_test, p.status_since, c.first_name, c.last_name, c.email, p.created_at, c.phone
FROM participants p JOIN contacts c ON c.id = p.contact_id
WHERE p.campaign_id = $1 AND p.id = $2
FOR UPDATE OF p;

-- name: set_participant_status
UPDATE participants SET status = $2, transitions = $3, status_since = now(), updated_at = now()
WHERE id = $1
RETURNING status_since;

-- name: set_participant_statuses
-- set_participant_status for a page of a batch: participant $1[i] moves to
-- status $2[i] as its transition $3[i] (each participant once).
UPDATE participants p SET status = m.status, transitions = m.n, status_since = now(), updated_at = now()
FROM unnest($1::uuid[], $2::text[], $3::int[]) AS m(id, status, n)
WHERE p.id = m.id
RETURNING p.id::text, p.status_since;

-- name: insert_status_logs
-- insert_status_log for a page of a batch of campaign $2 by actor $7: the
-- change keyed $1[i] moves participant $3[i] from $5[i] to $6[i] as its
-- transition $4[i].
INSERT INTO participant_status_log (idem_key, campaign_id, participant_id, transition, from_status, to_status, actor_id)
SELECT l.k, $2, l.p, l.n, l.f, l.t, $7::uuid
FROM unnest($1::text[], $3::uuid[], $4::int[], $5::text[], $6::text[]) AS l(k, p, n, f, t)
ON CONFLICT DO NOTHING;

-- name: insert_status_log
-- Keyed by the change's idempotency key; each transition number of a
-- participant is recorded once.
INSERT INTO participant_status_log (idem_key, campaign_id, participant_id, transition, from_status, to_status, actor_id)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT DO NOTHING;

-- name: transition_status
-- The status a participant's transition number $2 moved it to.
SELECT from_status, to_status FROM participant_status_log WHERE participant_id = $1 AND transition = $2;

-- name: status_log_keys
SELECT idem_key FROM participant_status_log WHERE idem_key = ANY($1::text[]);

-- name: lock_participants_by_ids
SELECT p.id, p.campaign_id, p.contact_id, coalesce(p.owner_id::text, ''), p.status, p.transitions,
    p.version, p.is_test, p.status_since, c.first_name, c.last_name, c.email, p.created_at, c.phone
FROM participants p JOIN contacts c ON c.id = p.contact_id
WHERE p.campaign_id = $1 AND p.id = ANY($2::uuid[])
ORDER BY p.id
FOR UPDATE OF p;

-- name: set_participant_owner
UPDATE participants SET owner_id = $3, updated_at = now() WHERE campaign_id = $1 AND id = $2;

-- name: delete_participant
-- The participant's emails still waiting for a later moment are cancelled
-- with it. Returns how many participants were deleted.
WITH gone AS (DELETE FROM participants WHERE campaign_id = $1 AND id = $2 RETURNING id),
waiting AS (
    UPDATE outbox o SET status = 'cancelled', last_error = 'the participant was removed from the campaign'
    FROM gone WHERE o.campaign_id = $1 AND o.participant_id = gone.id AND o.status = 'pending' AND o.due_at IS NOT NULL
)
SELECT count(*) FROM gone;

-- name: delete_all_participants
WITH gone AS (DELETE FROM participants WHERE campaign_id = $1 RETURNING id, status),
waiting AS (
    UPDATE outbox o SET status = 'cancelled', last_error = 'the participant was removed from the campaign'
    WHERE o.campaign_id = $1 AND o.participant_id IS NOT NULL AND o.status = 'pending' AND o.due_at IS NOT NULL
)
SELECT id::text, status FROM gone;

-- name: insert_status_log_bulk
-- The bulk start's Targeted -> Contacted changes of one page.
INSERT INTO participant_status_log (idem_key, campaign_id, participant_id, transition, from_status, to_status)
SELECT k, $2, p, n, $5, $6 FROM unnest($1::text[], $3::uuid[], $4::int[]) AS t(k, p, n)
ON CONFLICT DO NOTHING;

-- name: count_unowned
SELECT count(*) FROM participants WHERE campaign_id = $1 AND status = 'Targeted' AND owner_id IS NULL;

-- name: missing_participants
-- Those of the ids ($2) that are no longer participants of campaign $1.
SELECT want.id::text FROM unnest($2::uuid[]) AS want(id)
WHERE NOT EXISTS (SELECT 1 FROM participants p WHERE p.campaign_id = $1 AND p.id = want.id);
