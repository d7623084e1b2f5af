-- name: get_campaign_settings
SELECT test_recipients, audience_interval_seconds, audience_paused, from_name, from_address, reply_to,
    send_window, over_cap
FROM campaigns WHERE id = $1;

-- name: set_campaign_settings
UPDATE campaigns SET test_recipients = $2, audience_interval_seconds = $3, audience_paused = $4,
    from_name = $5, from_address = $6, reply_to = $7, send_window = $8, over_cap = $9, updated_at = now()
WHERE id = $1;

-- name: audience_customers
-- One keyset page (by contact id, after $4) of the customers an audience
-- selects: status $2 (Active, Inactive or All), group $3 (nil: every
-- customer). With $6 set (a sweep's start time), contacts that were
-- participants of campaign $1 before it are left out, so each is enrolled once.
SELECT c.id, c.first_name, c.last_name, c.email, coalesce(c.customer_status, '')
FROM contacts c
WHERE c.customer_status IS NOT NULL
  AND ($2::text = 'All' OR c.customer_status = $2::text)
  AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM customer_group_members m WHERE m.group_id = $3::uuid AND m.contact_id = c.id))
  AND ($4::uuid IS NULL OR c.id > $4::uuid)
  AND ($6::timestamptz IS NULL OR NOT EXISTS (SELECT 1 FROM participants p
       WHERE p.campaign_id = $1 AND p.contact_id = c.id AND p.created_at < $6::timestamptz))
ORDER BY c.id
LIMIT $5;

-- name: count_audience_customers
SELECT count(*) FROM contacts c
WHERE c.customer_status IS NOT NULL
  AND ($1::text = 'All' OR c.customer_status = $1::text)
  AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM customer_group_members m WHERE m.group_id = $2::uuid AND m.contact_id = c.id));


-- name: audience_leads
-- Like audience_customers, for the contacts of leads matching the segment
-- filters ($2 market segment, $3 sales concept, $7 source type; '' matches
-- any value, case-insensitive). A lead counts through its contact (after
-- conversion) or its matched contact; archived leads and erased contacts
-- are left out.
SELECT c.id, c.first_name, c.last_name, c.email, coalesce(c.customer_status, '')
FROM contacts c
WHERE c.erased_at IS NULL AND EXISTS (SELECT 1 FROM leads l WHERE coalesce(l.contact_id, l.matched_contact_id) = c.id AND l.status <> 'Archived' AND NOT l.is_test
      AND ($2::text = '' OR lower(l.market_segment) = lower($2::text))
      AND ($3::text = '' OR lower(l.sales_concept) = lower($3::text))
      AND ($7::text = '' OR lower(l.source_type) = lower($7::text)))
  AND ($4::uuid IS NULL OR c.id > $4::uuid)
  AND ($6::timestamptz IS NULL OR NOT EXISTS (SELECT 1 FROM participants p
       WHERE p.campaign_id = $1 AND p.contact_id = c.id AND p.created_at < $6::timestamptz))
ORDER BY c.id
LIMIT $5;

-- name: enroll_audience
-- Enrolls each matched contact once: a contact already in the campaign is
-- skipped (the unique (campaign_id, contact_id) key). $3 owns them, $4 is the version.
INSERT INTO participants (id, campaign_id, contact_id, owner_id, status, version)
SELECT gen_random_uuid(), $1, x, $3, 'Targeted', $4 FROM unnest($2::uuid[]) AS x
ON CONFLICT (campaign_id, contact_id) DO NOTHING
RETURNING id, contact_id;

-- name: lock_enrolled
-- The page's participants enrolled by this sweep (created at or after $3),
-- locked for their initiation.
SELECT p.id, p.campaign_id, p.contact_id, coalesce(p.owner_id::text, ''), p.status, p.transitions,
    p.version, p.is_test, p.status_since, c.first_name, c.last_name, c.email, p.created_at, c.phone
FROM participants p JOIN contacts c ON c.id = p.contact_id
WHERE p.campaign_id = $1 AND p.contact_id = ANY($2::uuid[]) AND p.created_at >= $3
ORDER BY p.id
FOR UPDATE OF p;

-- name: db_now
SELECT now();

-- name: count_audience_leads
SELECT count(*) FROM contacts c
WHERE c.erased_at IS NULL AND EXISTS (SELECT 1 FROM leads l WHERE coalesce(l.contact_id, l.matched_contact_id) = c.id AND l.status <> 'Archived' AND NOT l.is_test
      AND ($1::text = '' OR lower(l.market_segment) = lower($1::text))
      AND ($2::text = '' OR lower(l.sales_concept) = lower($2::text))
      AND ($3::text = '' OR lower(l.source_type) = lower($3::text)));
