-- name: contacts_to_add
-- Up to $3 contacts not yet in campaign $1 whose name or email contains $2
-- (a LIKE pattern over the lower-cased text, '%%' for all), by name: the
-- choices of the Add Participants dialog.
SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.status, c.created_at
FROM contacts c
WHERE lower(c.first_name || ' ' || c.last_name || ' ' || c.email) LIKE $2
  AND NOT EXISTS (SELECT 1 FROM participants p WHERE p.campaign_id = $1 AND p.contact_id = c.id)
ORDER BY lower(c.last_name), lower(c.first_name), c.id
LIMIT $3;

-- name: participant_names
-- The contact names of participants $1, to show beside a batch's items.
SELECT p.id::text, trim(c.first_name || ' ' || c.last_name)
FROM participants p JOIN contacts c ON c.id = p.contact_id
WHERE p.id = ANY($1::uuid[]);

-- name: campaign_names
-- The names of campaigns $1, to show beside the batches that name them.
SELECT id::text, name FROM campaigns WHERE id = ANY($1::uuid[]);
