-- name: list_team
-- The Manager is the campaign's manager_id, shown first; the other roles are
-- rows of campaign_team.
SELECT u.id, u.name, u.email, 'Manager', c.updated_at, 0 AS rank
FROM campaigns c JOIN users u ON u.id = c.manager_id
WHERE c.id = $1
UNION ALL
SELECT u.id, u.name, u.email, t.role, t.created_at, CASE t.role WHEN 'Sponsor' THEN 1 ELSE 2 END
FROM campaign_team t JOIN users u ON u.id = t.user_id
WHERE t.campaign_id = $1
ORDER BY 6, 2, 1;

-- name: insert_team_member
INSERT INTO campaign_team (campaign_id, user_id, role) VALUES ($1, $2, $3);

-- name: delete_team_member
DELETE FROM campaign_team WHERE campaign_id = $1 AND user_id = $2 AND role = $3;
