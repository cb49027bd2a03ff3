-- Foundation: tenants, people, calls, leads, conversations, messages, compliance, notifications,
-- audit, webhook idempotency and the durable work queue. Times are UTC.

CREATE TABLE businesses (
    id                        TEXT PRIMARY KEY,
    name                      TEXT NOT NULL,
    owner_name                TEXT NOT NULL,
    owner_email               TEXT NOT NULL,
    owner_phone               TEXT NOT NULL,
    business_phone            TEXT NOT NULL,
    carrier_number            TEXT NOT NULL UNIQUE,
    time_zone                 TEXT NOT NULL DEFAULT 'America/New_York',
    business_hours            TEXT NOT NULL,
    services                  TEXT NOT NULL DEFAULT '[]',
    vertical                  TEXT NOT NULL CHECK (vertical IN ('hvac','auto','plumbing','electrical','other')),
    average_job_value         NUMERIC(12,2) NOT NULL DEFAULT 350.00,
    greeting                  TEXT NULL,
    ai_instructions           TEXT NULL,
    notification_prefs        TEXT NOT NULL,
    google_place_id           TEXT NULL,
    review_url                TEXT NULL,
    labor_rate                NUMERIC(12,2) NOT NULL DEFAULT 100.00,
    estimates_enabled         BOOLEAN NOT NULL DEFAULT FALSE,
    recording_enabled         BOOLEAN NOT NULL DEFAULT FALSE,
    recording_consent_message TEXT NULL,
    subscription_status       TEXT NOT NULL DEFAULT 'trial' CHECK (subscription_status IN ('trial','active','paused','cancelled')),
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL
);

CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    business_id TEXT NULL REFERENCES businesses(id),
    email       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('owner','staff','technician','operator')),
    created_at  TEXT NOT NULL,
    CHECK ((role = 'operator') = (business_id IS NULL))
);

CREATE TABLE login_tokens (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    token_hash  TEXT NOT NULL UNIQUE,
    expires_at  TEXT NOT NULL,
    used_at     TEXT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE calls (
    id               TEXT PRIMARY KEY,
    business_id      TEXT NOT NULL REFERENCES businesses(id),
    call_sid         TEXT NOT NULL UNIQUE,
    caller_phone     TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('ringing','answered','missed','voicemail','busy','failed')),
    dial_status      TEXT NULL,
    duration_seconds INTEGER NULL,
    after_hours      BOOLEAN NOT NULL DEFAULT FALSE,
    recording_url    TEXT NULL,
    recording_path   TEXT NULL,
    transcription    TEXT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX ix_calls_business_created ON calls (business_id, created_at);
CREATE INDEX ix_calls_business_caller ON calls (business_id, caller_phone, created_at);

CREATE TABLE leads (
    id               TEXT PRIMARY KEY,
    business_id      TEXT NOT NULL REFERENCES businesses(id),
    phone            TEXT NOT NULL,
    name             TEXT NULL,
    email            TEXT NULL,
    address          TEXT NULL,
    service_needed   TEXT NULL,
    urgency          TEXT NOT NULL DEFAULT 'unknown' CHECK (urgency IN ('emergency','soon','flexible','unknown')),
    preferred_time   TEXT NULL,
    status           TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','contacted','qualifying','qualified','booked','completed','unresponsive','opted_out','lost')),
    source           TEXT NOT NULL CHECK (source IN ('missed_call','answered_call','voicemail','web_form','sms','reactivation','manual')),
    estimated_value  NUMERIC(12,2) NULL,
    notes            TEXT NULL,
    field_confidence TEXT NOT NULL DEFAULT '{}',
    cannot_text      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (business_id, phone)
);
CREATE INDEX ix_leads_business_status ON leads (business_id, status, updated_at);

CREATE TABLE conversations (
    id                TEXT PRIMARY KEY,
    business_id       TEXT NOT NULL REFERENCES businesses(id),
    lead_id           TEXT NOT NULL REFERENCES leads(id),
    call_id           TEXT NULL REFERENCES calls(id),
    phone             TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('active','human_active','follow_up','closed_booked','closed_no_response','closed_opted_out','closed_manual','stale')),
    follow_up_count   INTEGER NOT NULL DEFAULT 0,
    next_follow_up_at TEXT NULL,
    qualification     TEXT NOT NULL DEFAULT '{}',
    needs_human       BOOLEAN NOT NULL DEFAULT FALSE,
    emergency         BOOLEAN NOT NULL DEFAULT FALSE,
    last_inbound_at   TEXT NULL,
    last_outbound_at  TEXT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
-- At most one open conversation per caller per business: two racing missed calls cannot both greet.
CREATE UNIQUE INDEX ux_conversations_open ON conversations (business_id, phone)
    WHERE status IN ('active','human_active','follow_up');
CREATE INDEX ix_conversations_business_updated ON conversations (business_id, updated_at);
CREATE INDEX ix_conversations_follow_up ON conversations (next_follow_up_at) WHERE next_follow_up_at IS NOT NULL;

CREATE TABLE messages (
    id              TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL REFERENCES businesses(id),
    conversation_id TEXT NULL REFERENCES conversations(id),
    direction       TEXT NOT NULL CHECK (direction IN ('inbound','outbound')),
    sender          TEXT NOT NULL CHECK (sender IN ('caller','ai','human','system')),
    purpose         TEXT NULL,
    to_phone        TEXT NOT NULL,
    from_phone      TEXT NOT NULL,
    body            TEXT NOT NULL,
    carrier_sid     TEXT NULL UNIQUE,
    status          TEXT NOT NULL CHECK (status IN ('queued','sending','sent','delivered','undelivered','failed','received','blocked','canceled')),
    error_code      TEXT NULL,
    error_message   TEXT NULL,
    engine          TEXT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX ix_messages_conversation ON messages (conversation_id, created_at);
CREATE INDEX ix_messages_business_created ON messages (business_id, created_at);

CREATE TABLE opt_outs (
    id          TEXT PRIMARY KEY,
    phone       TEXT NOT NULL,
    business_id TEXT NULL REFERENCES businesses(id),
    reason      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
-- NULL business = every business; COALESCE makes (phone, NULL) unique too on both databases.
CREATE UNIQUE INDEX ux_opt_outs ON opt_outs (phone, COALESCE(business_id, '*'));

CREATE TABLE do_not_text (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    phone       TEXT NOT NULL,
    label       TEXT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (business_id, phone)
);

CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    user_id     TEXT NULL REFERENCES users(id),
    event       TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    urgent      BOOLEAN NOT NULL DEFAULT FALSE,
    channels    TEXT NOT NULL DEFAULT '{}',
    read_at     TEXT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX ix_notifications_business_created ON notifications (business_id, created_at);

CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    business_id TEXT NULL REFERENCES businesses(id),
    actor       TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL
);
CREATE INDEX ix_audit_log_entity ON audit_log (business_id, entity_type, entity_id, created_at);

-- Outgoing email (owner notifications, sign-in links). With no SMTP server configured this table is the
-- local outbox that the simulator page shows.
CREATE TABLE emails (
    id           TEXT PRIMARY KEY,
    business_id  TEXT NULL REFERENCES businesses(id),
    to_address   TEXT NOT NULL,
    subject      TEXT NOT NULL,
    text_body    TEXT NOT NULL,
    html_body    TEXT NULL,
    attachments  TEXT NOT NULL DEFAULT '[]',
    purpose      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('queued','sent','outbox','failed')),
    last_error   TEXT NULL,
    created_at   TEXT NOT NULL,
    sent_at      TEXT NULL
);
CREATE INDEX ix_emails_created ON emails (created_at);

CREATE TABLE webhook_receipts (
    id                    TEXT PRIMARY KEY,
    endpoint              TEXT NOT NULL,
    idempotency_key       TEXT NOT NULL,
    business_id           TEXT NULL REFERENCES businesses(id),
    response_status       INTEGER NOT NULL,
    response_content_type TEXT NULL,
    response_body         TEXT NULL,
    received_at           TEXT NOT NULL,
    UNIQUE (endpoint, idempotency_key)
);

CREATE TABLE work_items (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    business_id   TEXT NULL REFERENCES businesses(id),
    ordering_key  TEXT NULL,
    dedupe_key    TEXT NULL UNIQUE,
    payload       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending','running','done','dead','cancelled')),
    due_at        TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    max_attempts  INTEGER NOT NULL,
    last_error    TEXT NULL,
    locked_by     TEXT NULL,
    locked_until  TEXT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    finished_at   TEXT NULL
);
CREATE INDEX ix_work_items_due ON work_items (status, due_at);
CREATE INDEX ix_work_items_ordering ON work_items (ordering_key, id)
    WHERE ordering_key IS NOT NULL AND status IN ('pending','running');
