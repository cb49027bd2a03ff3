-- Booking: per-business booking settings, appointments, slot offers sent by SMS. Times are UTC.

CREATE TABLE booking_settings (
    business_id               TEXT PRIMARY KEY REFERENCES businesses(id),
    default_duration_minutes  INTEGER NOT NULL DEFAULT 60 CHECK (default_duration_minutes BETWEEN 15 AND 720),
    service_durations         TEXT NOT NULL DEFAULT '{}',
    buffer_minutes            INTEGER NOT NULL DEFAULT 30 CHECK (buffer_minutes BETWEEN 0 AND 240),
    lead_time_hours           INTEGER NOT NULL DEFAULT 2 CHECK (lead_time_hours BETWEEN 0 AND 336),
    days_off                  TEXT NOT NULL DEFAULT '[]',
    updated_at                TEXT NOT NULL
);

CREATE TABLE appointments (
    id               TEXT PRIMARY KEY,
    business_id      TEXT NOT NULL REFERENCES businesses(id),
    lead_id          TEXT NOT NULL REFERENCES leads(id),
    conversation_id  TEXT NULL REFERENCES conversations(id),
    start_at         TEXT NOT NULL,
    end_at           TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL DEFAULT 60,
    service_type     TEXT NULL,
    address          TEXT NULL,
    status           TEXT NOT NULL CHECK (status IN ('scheduled','confirmed','completed','cancelled','no_show')),
    notes            TEXT NULL,
    ics_uid          TEXT NOT NULL UNIQUE,
    ics_token        TEXT NOT NULL UNIQUE,
    ics_sequence     INTEGER NOT NULL DEFAULT 0,
    source           TEXT NOT NULL DEFAULT 'sms' CHECK (source IN ('sms','manual')),
    reminder_sent_at TEXT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (end_at > start_at)
);
-- Two live appointments of one business can never start at the same instant (the booking transaction also
-- takes a per-business lock and checks overlaps; this index is the last line if anything slips past it).
CREATE UNIQUE INDEX ux_appointments_live_start ON appointments (business_id, start_at) WHERE status IN ('scheduled','confirmed');
CREATE INDEX ix_appointments_business_start ON appointments (business_id, start_at);
CREATE INDEX ix_appointments_lead ON appointments (business_id, lead_id, start_at);

CREATE TABLE booking_offers (
    id              TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL REFERENCES businesses(id),
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    lead_id         TEXT NOT NULL REFERENCES leads(id),
    appointment_id  TEXT NULL REFERENCES appointments(id),
    kind            TEXT NOT NULL CHECK (kind IN ('book','reschedule')),
    slots           TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending','accepted','declined','superseded','handed_off')),
    message_id      TEXT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
-- One open offer per lead: a new offer supersedes the old one in the same transaction.
CREATE UNIQUE INDEX ux_booking_offers_pending ON booking_offers (business_id, lead_id) WHERE status = 'pending';

-- Lets a notification's email be queued once even when its delivery work item runs twice.
ALTER TABLE emails ADD COLUMN dedupe_key TEXT NULL;
CREATE UNIQUE INDEX ux_emails_dedupe ON emails (dedupe_key) WHERE dedupe_key IS NOT NULL;
