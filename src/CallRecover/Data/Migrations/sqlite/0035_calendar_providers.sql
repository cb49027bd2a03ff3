-- Calendar sync with an account (issue 24): a Google or Outlook calendar connected by OAuth is one more source of the business's
-- busy times (provider 'google' or 'microsoft'; NULL is a secret iCal address, whose url is then the address). For a provider the url
-- column is empty and refresh_token holds the OAuth refresh token, Data Protection ciphertext. account is what the owner
-- connected (shown, never a secret). broken_at is set when the provider refused the token (revoked, expired): the owner
-- is told once, the source's busy times are dropped (slots fall back to our own appointments) until they connect again.
ALTER TABLE calendar_sources ADD COLUMN provider TEXT NULL;
ALTER TABLE calendar_sources ADD COLUMN refresh_token TEXT NULL;
ALTER TABLE calendar_sources ADD COLUMN account TEXT NULL;
ALTER TABLE calendar_sources ADD COLUMN broken_at TEXT NULL;

-- Our appointments as events in a connected calendar: one row per (source, appointment), so a retried push updates the
-- event it made instead of making a second one. pushed is a fingerprint of what was last written (time, status, text):
-- a push with nothing new is skipped. deleted_at: the event was deleted (a cancelled appointment), once.
CREATE TABLE calendar_events (
    source_id      TEXT NOT NULL REFERENCES calendar_sources(id),
    appointment_id TEXT NOT NULL,
    business_id    TEXT NOT NULL REFERENCES businesses(id),
    remote_id      TEXT NOT NULL,
    pushed         TEXT NOT NULL,
    deleted_at     TEXT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (source_id, appointment_id)
);
CREATE INDEX ix_calendar_events_business ON calendar_events (business_id, appointment_id);
