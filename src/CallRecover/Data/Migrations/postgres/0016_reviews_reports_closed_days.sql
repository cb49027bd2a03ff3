-- Closed days (issue #18): besides its own dates (days_off), a business may close on recurring holiday presets
-- ("us-federal"), computed by rule for each year in the business's time zone.
ALTER TABLE booking_settings ADD COLUMN holidays TEXT NOT NULL DEFAULT '[]';

-- Review requests (issue #18): the business's review link and how long after a completed visit or job to ask.
CREATE TABLE review_settings (
    business_id   TEXT PRIMARY KEY REFERENCES businesses(id),
    review_url    TEXT NULL,
    delay_minutes INTEGER NOT NULL DEFAULT 120 CHECK (delay_minutes BETWEEN 0 AND 10080),
    updated_at    TIMESTAMPTZ NOT NULL
);

-- One request per completed job or appointment; the text carries /r/{code}, our tracked redirect to review_url.
CREATE TABLE review_requests (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    lead_id     TEXT NOT NULL REFERENCES leads(id),
    source      TEXT NOT NULL CHECK (source IN ('job','appointment')),
    source_id   TEXT NOT NULL,
    phone       TEXT NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    review_url  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending','sent','reminded','clicked','opted_out','not_sent')),
    due_at      TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ NULL,
    reminder_at TIMESTAMPTZ NULL,
    clicked_at  TIMESTAMPTZ NULL,
    clicks      INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_review_requests_source ON review_requests (business_id, source, source_id);
-- A customer has at most one request waiting or awaiting a click: finishing a visit and its job asks once.
CREATE UNIQUE INDEX ux_review_requests_open ON review_requests (business_id, lead_id) WHERE status IN ('pending','sent');
CREATE INDEX ix_review_requests_status ON review_requests (business_id, status, due_at);
CREATE INDEX ix_review_requests_created ON review_requests (business_id, created_at);
