-- Outbox claims: a sender first claims the rows it is about to send
-- (status 'sending', who, and until when), so two senders never send the same
-- row; a claim that expires (its sender died) can be taken over. A row is
-- 'sent' as soon as the server accepted that one message.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed'));
ALTER TABLE outbox ADD COLUMN claimed_by text;
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;
DROP INDEX outbox_pending_idx;
CREATE INDEX outbox_unsent_idx ON outbox (participant_id) WHERE status IN ('pending', 'sending');

ALTER TABLE sms_outbox DROP CONSTRAINT sms_outbox_status_check;
ALTER TABLE sms_outbox ADD CONSTRAINT sms_outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed'));
ALTER TABLE sms_outbox ADD COLUMN claimed_by text;
ALTER TABLE sms_outbox ADD COLUMN claimed_until timestamptz;
DROP INDEX sms_outbox_pending_idx;
CREATE INDEX sms_outbox_unsent_idx ON sms_outbox (participant_id) WHERE status IN ('pending', 'sending');
