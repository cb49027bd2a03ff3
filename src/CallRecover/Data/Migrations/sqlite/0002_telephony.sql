-- Telephony: how a call's answering side was screened, the dial leg's progress, per-business call
-- handling settings, and carrier status callbacks that arrive before we recorded the message SID.

-- screening: what the <Number> leg ran when the call came in ('press1', 'amd', 'press1+amd' or NULL), so a
-- settings change mid-call cannot turn a voicemail pickup into an answered call.
ALTER TABLE calls ADD COLUMN screening TEXT NULL;
-- answered_by: the carrier's answering-machine verdict (human, machine_start, fax, unknown, ...).
ALTER TABLE calls ADD COLUMN answered_by TEXT NULL;
-- screen_result: accepted (a person pressed 1 / AMD said human), rejected (no key), machine.
ALTER TABLE calls ADD COLUMN screen_result TEXT NULL;
-- The dial leg's furthest status from status callbacks (forward-only, any arrival order).
ALTER TABLE calls ADD COLUMN leg_status TEXT NULL;

CREATE TABLE telephony_settings (
    business_id       TEXT PRIMARY KEY REFERENCES businesses(id),
    screen_calls      BOOLEAN NOT NULL DEFAULT FALSE,
    machine_detection BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at        TEXT NOT NULL
);

CREATE TABLE call_events (
    id              TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL REFERENCES businesses(id),
    call_id         TEXT NOT NULL REFERENCES calls(id),
    call_sid        TEXT NOT NULL,
    status          TEXT NOT NULL,
    sequence_number INTEGER NULL,
    duration_seconds INTEGER NULL,
    received_at     TEXT NOT NULL
);
CREATE INDEX ix_call_events_call ON call_events (business_id, call_id, received_at);

-- Message status callbacks, kept so one that overtakes our own record of the SID is applied when the SID lands.
CREATE TABLE sms_status_events (
    id          TEXT PRIMARY KEY,
    business_id TEXT NULL REFERENCES businesses(id),
    message_sid TEXT NOT NULL,
    status      TEXT NOT NULL,
    error_code  TEXT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX ix_sms_status_events_sid ON sms_status_events (message_sid);

-- The 24-hour "already greeted" check and the simulator's phone view look texts up by recipient.
CREATE INDEX ix_messages_business_to ON messages (business_id, to_phone, created_at);
