-- CRM sync (issue 21): one connection per business to its Rukovoditel, pushed to from the same events as the outbound
-- webhooks. The API key and the password are kept encrypted with the app's Data Protection keys (they must be readable
-- to call the CRM) and are never shown back. field_map / status_out / status_in are JSON objects.
CREATE TABLE crm_connections (
    business_id  TEXT PRIMARY KEY REFERENCES businesses(id),
    kind         TEXT NOT NULL CHECK (kind IN ('rukovoditel')),
    base_url     TEXT NOT NULL,
    username     TEXT NOT NULL,
    password     TEXT NOT NULL,
    api_key      TEXT NOT NULL,
    entity_id    INTEGER NOT NULL,
    field_map    TEXT NOT NULL,
    status_out   TEXT NOT NULL,
    status_in    TEXT NOT NULL,
    enabled      BOOLEAN NOT NULL,
    last_sync_at TEXT NULL,
    last_poll_at TEXT NULL,
    last_error   TEXT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- Which CRM record a lead went to, so an update reaches the same record and a retried push never inserts a second one.
-- lead_status: the lead's status the CRM last agreed with (pushed, or pulled back), so neither side echoes the other.
-- remote_status: the CRM's status text last seen by the poll.
CREATE TABLE crm_links (
    business_id   TEXT NOT NULL REFERENCES businesses(id),
    lead_id       TEXT NOT NULL,
    remote_id     TEXT NOT NULL,
    lead_status   TEXT NULL,
    remote_status TEXT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (business_id, lead_id)
);

-- What each push, poll and connection test did, for the owner's sync log (ok, or the CRM's own error message).
CREATE TABLE crm_sync_log (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    lead_id     TEXT NULL,
    action      TEXT NOT NULL,
    ok          BOOLEAN NOT NULL,
    remote_id   TEXT NULL,
    error       TEXT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX ix_crm_sync_log_business ON crm_sync_log (business_id, created_at);
