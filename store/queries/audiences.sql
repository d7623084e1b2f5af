-- name: get_campaign_settings
SELECT test_recipients, audience_interval_seconds, audience_paused FROM campaigns WHERE id = $1;

-- name: set_campaign_settings
UPDATE campaigns SET test_recipients = $2, audience_interval_seconds = $3, audience_paused = $4, updated_at = now()
WHERE id = $1;
