-- The voice receptionist (issue 22): per business off, after_hours (only when the business is closed) or always (whenever
-- the ring times out). When it answers a missed call, that call has one session: the path (relay: Twilio's
-- ConversationRelay WebSocket; gather: one <Gather input="speech"> webhook per turn), the engine's state between turns
-- (JSON), and how it ended (status: active, booked, transferred, texted, message, ended, dropped).
ALTER TABLE businesses ADD COLUMN voice_receptionist TEXT NOT NULL DEFAULT 'off';

CREATE TABLE voice_sessions (
    call_id     TEXT NOT NULL PRIMARY KEY REFERENCES calls(id),
    business_id TEXT NOT NULL REFERENCES businesses(id),
    lead_id     TEXT NULL,
    path        TEXT NOT NULL,
    state       TEXT NOT NULL,
    status      TEXT NOT NULL,
    summary     TEXT NULL,
    started_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    ended_at    TEXT NULL
);
CREATE INDEX ix_voice_sessions_business ON voice_sessions (business_id, started_at);

-- The call's transcript, both sides: at_ms is when the line was said, from the session's start; interrupted marks a reply
-- the caller talked over (text is then what was heard before the interruption).
CREATE TABLE voice_turns (
    call_id     TEXT NOT NULL REFERENCES voice_sessions(call_id),
    seq         INTEGER NOT NULL,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    speaker     TEXT NOT NULL,
    text        TEXT NOT NULL,
    at_ms       INTEGER NOT NULL,
    interrupted BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (call_id, seq)
);
CREATE INDEX ix_voice_turns_business ON voice_turns (business_id, call_id);
