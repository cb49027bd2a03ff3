-- The carrier-aware send budget (issue #19): per business, messages per second and per day (absent row: the
-- SendBudget defaults), and the shared counters every node takes from in the sending transaction.

CREATE TABLE send_budgets (
    business_id TEXT PRIMARY KEY REFERENCES businesses(id),
    per_second  INTEGER NOT NULL CHECK (per_second > 0),
    per_day     INTEGER NOT NULL CHECK (per_day > 0),
    updated_at  TIMESTAMPTZ NOT NULL
);

-- One row per business, sending number and period: the current window's start and what was handed to the carrier in
-- it. A new window resets the row in the same upsert that counts (no row per second to clean up).
CREATE TABLE send_counters (
    business_id  TEXT NOT NULL REFERENCES businesses(id),
    from_phone   TEXT NOT NULL,
    period       TEXT NOT NULL CHECK (period IN ('second','day')),
    window_start TIMESTAMPTZ NOT NULL,
    sent         INTEGER NOT NULL,
    PRIMARY KEY (business_id, from_phone, period)
);

-- "Is a more urgent text waiting for this number?": only the few queued texts, by purpose.
CREATE INDEX ix_messages_queued_purpose ON messages (business_id, from_phone, purpose) WHERE status = 'queued';
