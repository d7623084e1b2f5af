-- name: insert_scoring_rule
INSERT INTO lead_scoring_rules (id, field, operator, value, points) VALUES ($1, $2, $3, $4, $5);

-- name: update_scoring_rule
UPDATE lead_scoring_rules SET field = $2, operator = $3, value = $4, points = $5, updated_at = now() WHERE id = $1;

-- name: delete_scoring_rule
DELETE FROM lead_scoring_rules WHERE id = $1;

-- name: get_scoring_rule
SELECT id, field, operator, value, points, created_at, updated_at FROM lead_scoring_rules WHERE id = $1;

-- name: list_scoring_rules
SELECT id, field, operator, value, points, created_at, updated_at FROM lead_scoring_rules ORDER BY created_at, id;
