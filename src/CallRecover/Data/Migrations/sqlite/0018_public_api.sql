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
    created_at   TEXT NOT NULL,
    last_used_at TEXT NULL,
    revoked_at   TEXT NULL
);
CREATE UNIQUE INDEX ux_api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX ix_api_tokens_business ON api_tokens (business_id, created_at);
