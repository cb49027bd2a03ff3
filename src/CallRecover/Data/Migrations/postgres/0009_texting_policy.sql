-- The one texting policy (Compliance/TextingPolicy): every outbound message records why it was held or never sent,
-- and a held message (quiet hours) records when it may go.
ALTER TABLE messages ADD COLUMN policy_reason TEXT NULL;
ALTER TABLE messages ADD COLUMN send_after TIMESTAMPTZ NULL;
-- Blocked texts kept their reason in error_code (which is the carrier's field): move it.
UPDATE messages SET policy_reason = error_code, error_code = NULL WHERE status = 'blocked';
