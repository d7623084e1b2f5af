-- name: outbox_pending_counts
-- Messages waiting to be sent, for the worker's drumbeat_outbox_pending
-- gauge. Both counts use the partial indexes on pending rows, so a scrape
-- stays cheap however many messages were ever sent.
SELECT (SELECT count(*) FROM outbox WHERE status = 'pending'),
       (SELECT count(*) FROM sms_outbox WHERE status = 'pending');
