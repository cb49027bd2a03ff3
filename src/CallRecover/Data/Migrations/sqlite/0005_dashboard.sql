-- Dashboard sign-in: Data Protection keys shared by every node (cookies survive restarts and work behind a
-- load balancer), and an index for the per-user rate limit and clean-up of login tokens.

CREATE TABLE data_protection_keys (
    id            TEXT PRIMARY KEY,
    friendly_name TEXT NOT NULL UNIQUE,
    xml           TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE INDEX ix_login_tokens_user_created ON login_tokens (user_id, created_at);
