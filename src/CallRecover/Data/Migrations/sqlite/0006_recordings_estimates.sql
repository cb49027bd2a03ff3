-- Answered calls and voicemail: recordings, transcriptions, extractions (+ corrections), customers and vehicles,
-- the per-business service catalog, quotes with line items, and per-business recording settings.

CREATE TABLE recording_settings (
    business_id           TEXT PRIMARY KEY REFERENCES businesses(id),
    voicemail_enabled     BOOLEAN NOT NULL DEFAULT TRUE,
    voicemail_max_seconds INTEGER NOT NULL DEFAULT 120 CHECK (voicemail_max_seconds BETWEEN 10 AND 600),
    retention_days        INTEGER NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 3650),
    consent_announcement  TEXT NULL,
    voicemail_prompt      TEXT NULL,
    updated_at            TEXT NOT NULL
);

CREATE TABLE recordings (
    id               TEXT PRIMARY KEY,
    business_id      TEXT NOT NULL REFERENCES businesses(id),
    call_id          TEXT NULL REFERENCES calls(id),
    call_sid         TEXT NULL,
    caller_phone     TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('answered_call','voicemail')),
    origin           TEXT NOT NULL CHECK (origin IN ('carrier','typed')),
    recording_sid    TEXT NOT NULL UNIQUE,
    recording_url    TEXT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending','downloaded','failed','deleted','typed')),
    storage_path     TEXT NULL,
    duration_seconds INTEGER NULL,
    size_bytes       BIGINT NULL,
    content_type     TEXT NULL,
    downloaded_at    TEXT NULL,
    delete_after     TEXT NULL,
    deleted_at       TEXT NULL,
    error            TEXT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX ix_recordings_business_created ON recordings (business_id, created_at);
CREATE INDEX ix_recordings_retention ON recordings (delete_after) WHERE deleted_at IS NULL AND storage_path IS NOT NULL;

CREATE TABLE transcriptions (
    id               TEXT PRIMARY KEY,
    business_id      TEXT NOT NULL REFERENCES businesses(id),
    recording_id     TEXT NOT NULL UNIQUE REFERENCES recordings(id),
    status           TEXT NOT NULL CHECK (status IN ('pending','done','failed')),
    quality          TEXT NULL CHECK (quality IN ('ok','low_confidence','silent')),
    text             TEXT NULL,
    language         TEXT NULL,
    duration_seconds REAL NULL,
    mean_confidence  REAL NULL,
    segments         TEXT NOT NULL DEFAULT '[]',
    engine           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    needs_review     BOOLEAN NOT NULL DEFAULT FALSE,
    error            TEXT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE customers (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    phone       TEXT NOT NULL,
    name        TEXT NULL,
    email       TEXT NULL,
    address     TEXT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (business_id, phone)
);

CREATE TABLE vehicles (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    year        INTEGER NULL,
    make        TEXT NULL,
    model       TEXT NULL,
    engine      TEXT NULL,
    vin         TEXT NULL,
    mileage     INTEGER NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX ix_vehicles_customer ON vehicles (business_id, customer_id);

CREATE TABLE extractions (
    id                 TEXT PRIMARY KEY,
    business_id        TEXT NOT NULL REFERENCES businesses(id),
    source             TEXT NOT NULL CHECK (source IN ('transcription','conversation','web_form','manual')),
    source_id          TEXT NOT NULL,
    lead_id            TEXT NULL REFERENCES leads(id),
    customer_id        TEXT NULL REFERENCES customers(id),
    vehicle_id         TEXT NULL REFERENCES vehicles(id),
    call_id            TEXT NULL REFERENCES calls(id),
    recording_id       TEXT NULL REFERENCES recordings(id),
    fields             TEXT NOT NULL DEFAULT '{}',
    original_fields    TEXT NOT NULL DEFAULT '{}',
    appointment_status TEXT NOT NULL DEFAULT 'none' CHECK (appointment_status IN ('none','one','several')),
    engine             TEXT NOT NULL,
    needs_review       BOOLEAN NOT NULL DEFAULT FALSE,
    review_reasons     TEXT NOT NULL DEFAULT '[]',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (business_id, source, source_id)
);
CREATE INDEX ix_extractions_lead ON extractions (business_id, lead_id, created_at);

CREATE TABLE extraction_corrections (
    id             TEXT PRIMARY KEY,
    business_id    TEXT NOT NULL REFERENCES businesses(id),
    extraction_id  TEXT NOT NULL REFERENCES extractions(id),
    field          TEXT NOT NULL,
    old_value      TEXT NULL,
    new_value      TEXT NULL,
    old_confidence REAL NULL,
    corrected_by   TEXT NOT NULL,
    corrected_at   TEXT NOT NULL
);
CREATE INDEX ix_extraction_corrections ON extraction_corrections (business_id, extraction_id, corrected_at);

CREATE TABLE service_catalog (
    id           TEXT PRIMARY KEY,
    business_id  TEXT NOT NULL REFERENCES businesses(id),
    name         TEXT NOT NULL,
    keywords     TEXT NOT NULL DEFAULT '[]',
    labor_hours  NUMERIC(6,2) NOT NULL CHECK (labor_hours >= 0),
    parts_cost   NUMERIC(12,2) NOT NULL CHECK (parts_cost >= 0),
    complexity   TEXT NOT NULL DEFAULT 'medium' CHECK (complexity IN ('low','medium','high')),
    diagnostic   BOOLEAN NOT NULL DEFAULT FALSE,
    position     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (business_id, name)
);

CREATE TABLE service_catalog_meta (
    business_id TEXT PRIMARY KEY REFERENCES businesses(id),
    version     INTEGER NOT NULL,
    seeded_from TEXT NOT NULL,
    trip_charge NUMERIC(12,2) NULL CHECK (trip_charge IS NULL OR trip_charge >= 0),
    updated_at  TEXT NOT NULL
);

CREATE TABLE quotes (
    id                TEXT PRIMARY KEY,
    business_id       TEXT NOT NULL REFERENCES businesses(id),
    lead_id           TEXT NOT NULL REFERENCES leads(id),
    customer_id       TEXT NULL REFERENCES customers(id),
    vehicle_id        TEXT NULL REFERENCES vehicles(id),
    extraction_id     TEXT NULL REFERENCES extractions(id),
    call_id           TEXT NULL REFERENCES calls(id),
    conversation_id   TEXT NULL REFERENCES conversations(id),
    status            TEXT NOT NULL CHECK (status IN ('draft','sent','approved','declined','expired')),
    needs_review      BOOLEAN NOT NULL DEFAULT FALSE,
    review_reason     TEXT NULL,
    labor_total       NUMERIC(12,2) NOT NULL DEFAULT 0,
    parts_total       NUMERIC(12,2) NOT NULL DEFAULT 0,
    adjustments_total NUMERIC(12,2) NOT NULL DEFAULT 0,
    fees_total        NUMERIC(12,2) NOT NULL DEFAULT 0,
    total             NUMERIC(12,2) NOT NULL DEFAULT 0,
    estimate          TEXT NOT NULL DEFAULT '{}',
    catalog_version   INTEGER NULL,
    sent_message_id   TEXT NULL,
    sent_at           TEXT NULL,
    approved_at       TEXT NULL,
    approved_by       TEXT NULL,
    declined_at       TEXT NULL,
    declined_by       TEXT NULL,
    expires_at        TEXT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX ix_quotes_business_lead ON quotes (business_id, lead_id, status, created_at);
CREATE INDEX ix_quotes_business_created ON quotes (business_id, created_at);

CREATE TABLE quote_items (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    quote_id    TEXT NOT NULL REFERENCES quotes(id),
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('labor','part','fee','adjustment')),
    repair      TEXT NULL,
    description TEXT NOT NULL,
    part_number TEXT NULL,
    hours       NUMERIC(6,2) NULL,
    qty         NUMERIC(10,2) NOT NULL DEFAULT 1,
    unit_price  NUMERIC(12,2) NOT NULL,
    amount      NUMERIC(12,2) NOT NULL
);
CREATE INDEX ix_quote_items_quote ON quote_items (business_id, quote_id, position);
