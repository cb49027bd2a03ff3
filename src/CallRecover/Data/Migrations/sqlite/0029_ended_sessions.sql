-- Signed-out sessions (issue 21, hardening): a sign-in cookie carries a session id; signing out records it here, so the
-- same cookie replayed later (copied, or from a shared computer) is refused on every node until it would have expired
-- anyway. Rows past expires_at are deleted when the next session ends.
CREATE TABLE ended_sessions (
    session_id TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL,
    ended_at   TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX ix_ended_sessions_expires ON ended_sessions (expires_at);
