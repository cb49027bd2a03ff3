-- Carrier webhooks are per business: the same CallSid sent to two businesses' numbers must give each business its own
-- answer (webhook_receipts) and its own call row (calls). Before this, a receipt was keyed (endpoint, key) and a call
-- by call_sid alone, so the second business got the first one's TwiML.
--
-- A receipt with no business (none could be known) stays unique per (endpoint, key): NULLs are distinct in a unique
-- index (the same on SQLite, so no NULLS NOT DISTINCT here), so such rows get their own partial index instead.
ALTER TABLE webhook_receipts DROP CONSTRAINT webhook_receipts_endpoint_idempotency_key_key;
CREATE UNIQUE INDEX ux_webhook_receipts_business ON webhook_receipts (endpoint, business_id, idempotency_key) WHERE business_id IS NOT NULL;
CREATE UNIQUE INDEX ux_webhook_receipts_no_business ON webhook_receipts (endpoint, idempotency_key) WHERE business_id IS NULL;

ALTER TABLE calls DROP CONSTRAINT calls_call_sid_key;
ALTER TABLE calls ADD CONSTRAINT calls_business_id_call_sid_key UNIQUE (business_id, call_sid);
-- A leg's status callback finds its call by SID across businesses (CallStore.FindForWebhookBySidAsync).
CREATE INDEX ix_calls_call_sid ON calls (call_sid);
