-- name: user_names
-- The names of the users $1, to show beside ids in lists.
SELECT id, name FROM users WHERE id = ANY($1::uuid[]);

-- name: campaign_users
-- The active users who can manage a campaign (the campaigns privilege, or
-- administrators), by name: the choices of a Manager field or filter.
SELECT id, name FROM users
WHERE active AND privileges && ARRAY['campaigns', 'admin']::text[]
ORDER BY lower(name), id LIMIT $1;
