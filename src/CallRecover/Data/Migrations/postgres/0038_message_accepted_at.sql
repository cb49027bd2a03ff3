-- The operator console (issue 20) shows each business's text-back p50 today: from the missed call's end (the greeting's
-- creation, in the webhook that marked the call missed) to the carrier accepting the greeting. That moment was only a
-- metric (Telemetry.TextbackLatency); the message now keeps it. Older messages have none and are not counted.
ALTER TABLE messages ADD COLUMN accepted_at TIMESTAMPTZ NULL;
CREATE INDEX ix_messages_purpose_created ON messages (purpose, created_at) WHERE accepted_at IS NOT NULL;
