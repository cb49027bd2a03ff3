-- Sign-in link requests counted in the database, so the per-IP and per-email limits hold across nodes.
-- Only a SHA-256 of the key ("ip:…" / "email:…") is kept: the table must not become a list of addresses.
CREATE TABLE sign_in_requests (
    id         TEXT PRIMARY KEY,
    key_hash   TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX ix_sign_in_requests_key_created ON sign_in_requests (key_hash, created_at);
CREATE INDEX ix_sign_in_requests_created ON sign_in_requests (created_at);
