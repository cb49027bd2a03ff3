-- Calendar sync (issue 24), the part that needs no account: a business's (or a technician's) secret iCal addresses,
-- fetched on a schedule, and a subscribable feed of its visits.
-- url is the calendar's secret address, kept encrypted with the app's Data Protection keys. etag / last_modified
-- make the next fetch conditional. last_synced_at is the last good fetch (its busy times are the ones kept);
-- last_error says in plain words why the last attempt failed (NULL after a good one).
CREATE TABLE calendar_sources (
    id             TEXT PRIMARY KEY,
    business_id    TEXT NOT NULL REFERENCES businesses(id),
    technician_id  TEXT NULL REFERENCES technicians(id),
    url            TEXT NOT NULL,
    url_hint       TEXT NOT NULL,
    etag           TEXT NULL,
    last_modified  TEXT NULL,
    last_synced_at TIMESTAMPTZ NULL,
    last_attempt_at TIMESTAMPTZ NULL,
    last_error     TEXT NULL,
    busy_count     INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_calendar_sources_business ON calendar_sources (business_id);

-- The busy intervals of each source's last good fetch, expanded (recurrences, exceptions, time zones) for the next
-- weeks, in UTC. Slot finding reads only this table, so an offer never waits on a calendar provider.
CREATE TABLE calendar_busy (
    source_id     TEXT NOT NULL REFERENCES calendar_sources(id),
    business_id   TEXT NOT NULL REFERENCES businesses(id),
    technician_id TEXT NULL,
    start_at      TIMESTAMPTZ NOT NULL,
    end_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_calendar_busy_business ON calendar_busy (business_id, start_at);
CREATE INDEX ix_calendar_busy_source ON calendar_busy (source_id);

-- The subscribable feed of a business's (technician_id NULL) or a technician's visits: /calendar/{token}.ics. Only the
-- token's SHA-256 finds a feed; token_protected (Data Protection) lets the owner copy the link again. A rotated feed is
-- revoked (revoked_at) and a new row made.
CREATE TABLE calendar_feeds (
    id              TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL REFERENCES businesses(id),
    technician_id   TEXT NULL REFERENCES technicians(id),
    token_hash      TEXT NOT NULL UNIQUE,
    token_protected TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ NULL
);
CREATE INDEX ix_calendar_feeds_business ON calendar_feeds (business_id, technician_id);
