-- Self sign-up and the onboarding wizard (issue 20).
--
-- A business that signed itself up has no carrier number until its owner buys one in the wizard: carrier_number
-- becomes nullable (NULL = "no number yet", never a placeholder that could look like a number). Webhooks find a
-- business by the number called (carrier_number = @number), which never matches NULL, so such a business receives
-- no calls or texts and nothing is texted from it. Several businesses may be without a number: UNIQUE allows many NULLs.
--
-- SQLite cannot drop NOT NULL, so businesses is rebuilt the way 0008 rebuilt calls: with defer_foreign_keys the DROP's
-- implicit delete only counts the children it orphans, and inserting the same ids again under the same name settles
-- that count before COMMIT. NOTE for whoever adds columns to businesses before this migration: add them here too.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE businesses_0040 AS SELECT * FROM businesses;
DROP TABLE businesses;
CREATE TABLE businesses (
    id                        TEXT PRIMARY KEY,
    name                      TEXT NOT NULL,
    owner_name                TEXT NOT NULL,
    owner_email               TEXT NOT NULL,
    owner_phone               TEXT NOT NULL,
    business_phone            TEXT NOT NULL,
    carrier_number            TEXT NULL UNIQUE,
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
    subscription_status       TEXT NOT NULL DEFAULT 'trial' CHECK (subscription_status IN ('trial','active','past_due','paused','cancelled')),
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL,
    slug                      TEXT NULL,
    voice_receptionist        TEXT NOT NULL DEFAULT 'off'
);
INSERT INTO businesses (id, name, owner_name, owner_email, owner_phone, business_phone, carrier_number, time_zone, business_hours,
    services, vertical, average_job_value, greeting, ai_instructions, notification_prefs, google_place_id, review_url, labor_rate,
    estimates_enabled, recording_enabled, recording_consent_message, subscription_status, created_at, updated_at, slug, voice_receptionist)
SELECT id, name, owner_name, owner_email, owner_phone, business_phone, carrier_number, time_zone, business_hours,
    services, vertical, average_job_value, greeting, ai_instructions, notification_prefs, google_place_id, review_url, labor_rate,
    estimates_enabled, recording_enabled, recording_consent_message, subscription_status, created_at, updated_at, slug, voice_receptionist
FROM businesses_0040;
DROP TABLE businesses_0040;
CREATE UNIQUE INDEX ux_businesses_slug ON businesses (slug);

-- Whether anyone may sign up or only people with an operator's invite: one row, changed by an operator.
CREATE TABLE signup_settings (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    mode       TEXT NOT NULL CHECK (mode IN ('open','invite_only')),
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Single-use invite links an operator made; only the token's SHA-256 is kept.
CREATE TABLE signup_invites (
    id                  TEXT NOT NULL PRIMARY KEY,
    token_hash          TEXT NOT NULL UNIQUE,
    note                TEXT NULL,
    created_by          TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    expires_at          TEXT NOT NULL,
    used_at             TEXT NULL,
    used_by_business_id TEXT NULL REFERENCES businesses(id)
);

-- The onboarding wizard's progress per business: the step the owner is on (resumable) and when it was finished.
CREATE TABLE onboarding (
    business_id  TEXT NOT NULL PRIMARY KEY REFERENCES businesses(id),
    step         TEXT NOT NULL,
    completed_at TEXT NULL,
    updated_at   TEXT NOT NULL
);
