-- Reactivation campaigns (issue 19). A contact list is an imported CSV of past customers with the consent attestation
-- that lets the business text them marketing (who attested, when, the source, the wording); its contacts keep the
-- CSV's columns as template fields. A campaign is a template sent to an audience (a list, or customers by last visit
-- and service); its recipients are fixed when it starts, one row per phone, so nobody is texted twice.
CREATE TABLE contact_lists (
    id              TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL REFERENCES businesses(id),
    name            TEXT NOT NULL,
    consent_by      TEXT NOT NULL,
    consent_source  TEXT NOT NULL,
    consent_wording TEXT NULL,
    consent_at      TIMESTAMPTZ NOT NULL,
    contacts        INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (business_id, name)
);

CREATE TABLE contacts (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    list_id     TEXT NOT NULL REFERENCES contact_lists(id),
    phone       TEXT NOT NULL,
    first_name  TEXT NULL,
    fields      TEXT NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (list_id, phone)
);

-- status: draft, scheduled, sending, paused, done, cancelled. audience is JSON ({list} or {lastVisitBefore, service}).
-- paused_reason says why the campaign paused itself (opt-out rate, carrier filtering) or 'owner'.
CREATE TABLE campaigns (
    id              TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL REFERENCES businesses(id),
    name            TEXT NOT NULL,
    template        TEXT NOT NULL,
    audience        TEXT NOT NULL,
    consent_by      TEXT NULL,
    consent_source  TEXT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft','scheduled','sending','paused','done','cancelled')),
    start_at        TIMESTAMPTZ NULL,
    paused_reason   TEXT NULL,
    recipients      INTEGER NOT NULL DEFAULT 0,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ NULL
);
CREATE INDEX ix_campaigns_business ON campaigns (business_id, created_at);
CREATE INDEX ix_campaigns_status ON campaigns (status);

-- One row per phone per campaign. status: pending (not texted yet), queued (its text is in the send path: message_id),
-- sent (handed to the carrier), skipped (the texting policy said never: reason), failed (the carrier refused: reason).
-- zone is the recipient's time zone (from the area code), fixed when the campaign starts, so the sender picks only
-- recipients whose local time is inside the sending window.
CREATE TABLE campaign_recipients (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaigns(id),
    business_id TEXT NOT NULL REFERENCES businesses(id),
    phone       TEXT NOT NULL,
    first_name  TEXT NULL,
    fields      TEXT NOT NULL DEFAULT '{}',
    zone        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending','queued','sent','skipped','failed')),
    reason      TEXT NULL,
    message_id  TEXT NULL,
    sent_at     TIMESTAMPTZ NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (campaign_id, phone)
);
CREATE INDEX ix_campaign_recipients_status ON campaign_recipients (campaign_id, status, zone);
CREATE INDEX ix_campaign_recipients_phone ON campaign_recipients (business_id, phone);

-- A campaign's progress asks, per recipient, whether they replied after its text: inbound texts by sender.
CREATE INDEX ix_messages_from_phone ON messages (business_id, from_phone, created_at);
