-- Carrier webhooks are per business: the same CallSid sent to two businesses' numbers must give each business its own
-- answer (webhook_receipts) and its own call row (calls). Before this, a receipt was keyed (endpoint, key) and a call
-- by call_sid alone, so the second business got the first one's TwiML.
--
-- A receipt with no business (none could be known) stays unique per (endpoint, key): NULLs are distinct in a unique
-- index on both databases, so such rows get their own partial index instead of sharing the per-business one.
--
-- SQLite cannot drop a UNIQUE constraint, so both tables are rebuilt. calls is referenced by other tables and foreign
-- keys are on (they cannot be switched off inside the migration's transaction): with defer_foreign_keys the DROP's
-- implicit delete only counts the children it orphans, and inserting the same ids again under the same table name
-- settles that count before COMMIT (renaming a copy into place would not, and would leave COMMIT failing).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE webhook_receipts_0008 AS SELECT * FROM webhook_receipts;
DROP TABLE webhook_receipts;
CREATE TABLE webhook_receipts (
    id                    TEXT PRIMARY KEY,
    endpoint              TEXT NOT NULL,
    idempotency_key       TEXT NOT NULL,
    business_id           TEXT NULL REFERENCES businesses(id),
    response_status       INTEGER NOT NULL,
    response_content_type TEXT NULL,
    response_body         TEXT NULL,
    received_at           TEXT NOT NULL
);
INSERT INTO webhook_receipts (id, endpoint, idempotency_key, business_id, response_status, response_content_type, response_body, received_at)
SELECT id, endpoint, idempotency_key, business_id, response_status, response_content_type, response_body, received_at FROM webhook_receipts_0008;
DROP TABLE webhook_receipts_0008;
CREATE UNIQUE INDEX ux_webhook_receipts_business ON webhook_receipts (endpoint, business_id, idempotency_key) WHERE business_id IS NOT NULL;
CREATE UNIQUE INDEX ux_webhook_receipts_no_business ON webhook_receipts (endpoint, idempotency_key) WHERE business_id IS NULL;

CREATE TABLE calls_0008 AS SELECT * FROM calls;
DROP TABLE calls;
CREATE TABLE calls (
    id               TEXT PRIMARY KEY,
    business_id      TEXT NOT NULL REFERENCES businesses(id),
    call_sid         TEXT NOT NULL,
    caller_phone     TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('ringing','answered','missed','voicemail','busy','failed')),
    dial_status      TEXT NULL,
    duration_seconds INTEGER NULL,
    after_hours      BOOLEAN NOT NULL DEFAULT FALSE,
    recording_url    TEXT NULL,
    recording_path   TEXT NULL,
    transcription    TEXT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    screening        TEXT NULL,
    answered_by      TEXT NULL,
    screen_result    TEXT NULL,
    leg_status       TEXT NULL,
    UNIQUE (business_id, call_sid)
);
INSERT INTO calls (id, business_id, call_sid, caller_phone, status, dial_status, duration_seconds, after_hours, recording_url, recording_path,
                   transcription, created_at, updated_at, screening, answered_by, screen_result, leg_status)
SELECT id, business_id, call_sid, caller_phone, status, dial_status, duration_seconds, after_hours, recording_url, recording_path,
       transcription, created_at, updated_at, screening, answered_by, screen_result, leg_status FROM calls_0008;
DROP TABLE calls_0008;
CREATE INDEX ix_calls_business_created ON calls (business_id, created_at);
CREATE INDEX ix_calls_business_caller ON calls (business_id, caller_phone, created_at);
-- A leg's status callback finds its call by SID across businesses (CallStore.FindForWebhookBySidAsync).
CREATE INDEX ix_calls_call_sid ON calls (call_sid);
