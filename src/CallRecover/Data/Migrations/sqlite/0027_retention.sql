-- Retention per kind (issue 21): how many days a business keeps message bodies, call transcripts and audit entries
-- (recorded audio has its own setting in recording_settings). NULL keeps them. Run by the scheduled task data.retention:
-- a message's body becomes '[expired]' and a transcript's text is emptied (the rows stay, so reports keep their counts);
-- audit entries past it are deleted.
CREATE TABLE retention_settings (
    business_id     TEXT PRIMARY KEY REFERENCES businesses(id),
    message_days    INTEGER NULL,
    transcript_days INTEGER NULL,
    audit_days      INTEGER NULL,
    updated_at      TEXT NOT NULL
);

-- The sweep finds a business's old transcripts by time (messages and audit entries have such indexes).
CREATE INDEX ix_transcriptions_business_created ON transcriptions (business_id, created_at);
