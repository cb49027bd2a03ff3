-- The public API (issue #21): per-business API tokens. The token itself is never stored, only its SHA-256 hash
-- (a token is 32 random bytes: a fast hash is enough, there is nothing to guess); the prefix lets a person tell
-- tokens apart in the settings list. Revoked tokens are kept (revoked_at) so the audit trail still names them.

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    business_id  TEXT NOT NULL REFERENCES businesses(id),
    name         TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    token_hash   TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ NULL,
    revoked_at   TIMESTAMPTZ NULL
);
CREATE UNIQUE INDEX ux_api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX ix_api_tokens_business ON api_tokens (business_id, created_at);

-- Outbound webhooks: a business subscribes a URL to events. The signing secret is kept encrypted with the app's Data
-- Protection keys (it must be readable to sign); after a rotation the previous one still signs until previous_until.
-- A subscription failing since failing_since for a day is disabled (status 'disabled') and the owner told.
CREATE TABLE webhook_subscriptions (
    id              TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL REFERENCES businesses(id),
    url             TEXT NOT NULL,
    events          TEXT NOT NULL,
    secret          TEXT NOT NULL,
    previous_secret TEXT NULL,
    previous_until  TIMESTAMPTZ NULL,
    status          TEXT NOT NULL CHECK (status IN ('active','disabled','removed')),
    failing_since   TIMESTAMPTZ NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_webhook_subscriptions_business ON webhook_subscriptions (business_id, status);

-- One row per (event, subscription) and per resend: the raw body that is signed and sent, and how sending went.
CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    business_id      TEXT NOT NULL REFERENCES businesses(id),
    subscription_id  TEXT NOT NULL REFERENCES webhook_subscriptions(id),
    event_id         TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    resource_id      TEXT NOT NULL,
    body             TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending','delivered','failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_status_code INTEGER NULL,
    last_error       TEXT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    delivered_at     TIMESTAMPTZ NULL
);
CREATE INDEX ix_webhook_deliveries_subscription ON webhook_deliveries (business_id, subscription_id, created_at);
