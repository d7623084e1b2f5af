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
    p.version, p.is_test, p.status_since, c.first_name, c.last_name, c.email, p.created_at
FROM participants p JOIN contacts c ON c.id = p.contact_id
WHERE p.campaign_id = $1 AND ($2::uuid IS NULL OR p.id > $2)
ORDER BY p.id LIMIT $3;

-- name: get_participant
SELECT p.id, p.campaign_id, p.contact_id, coalesce(p.owner_id::text, ''), p.status, p.transitions,
    p.version, p.is_test, p.status_since, c.first_name, c.last_name, c.email, p.created_at
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
