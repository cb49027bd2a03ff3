-- Subscriptions and metered usage (issue 20). A subscription is one row per business: its plan, its state (trial →
-- active → past_due → paused → cancelled), when the trial ends, the paid period, and the payment provider's ids.
-- businesses.subscription_status mirrors the state (the texting policy reads it) and gains past_due.
--
-- SQLite cannot alter a CHECK constraint, and rebuilding businesses (referenced by every table) would need foreign keys
-- off, which cannot change inside the migration's transaction. Widening a CHECK changes no stored row, so the table's
-- definition is edited in place (SQLite's documented "other kinds of table schema changes"); RESET reloads it for this
-- connection and the CREATE TABLEs below bump the schema version so every other connection reloads it too.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, '(''trial'',''active'',''paused'',''cancelled'')', '(''trial'',''active'',''past_due'',''paused'',''cancelled'')')
WHERE type = 'table' AND name = 'businesses';
PRAGMA writable_schema = RESET;

CREATE TABLE subscriptions (
    business_id              TEXT NOT NULL PRIMARY KEY REFERENCES businesses(id),
    plan                     TEXT NOT NULL,
    state                    TEXT NOT NULL CHECK (state IN ('trial','active','past_due','paused','cancelled')),
    trial_ends_at            TEXT NOT NULL,
    current_period_start     TEXT NULL,
    current_period_end       TEXT NULL,
    past_due_since           TEXT NULL,
    has_payment_method       INTEGER NOT NULL DEFAULT 0,
    provider                 TEXT NOT NULL,
    provider_customer_id     TEXT NULL,
    provider_subscription_id TEXT NULL,
    checkout_ref             TEXT NULL,
    cancelled_at             TEXT NULL,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_subscriptions_provider_sub ON subscriptions (provider, provider_subscription_id) WHERE provider_subscription_id IS NOT NULL;
CREATE UNIQUE INDEX ux_subscriptions_checkout ON subscriptions (checkout_ref) WHERE checkout_ref IS NOT NULL;
CREATE INDEX ix_subscriptions_state ON subscriptions (state, trial_ends_at);

-- A provider's subscription events handled once each (a retried webhook changes nothing).
CREATE TABLE subscription_events (
    provider    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    type        TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (provider, event_id)
);

-- Usage per business per calendar month (UTC, 'YYYY-MM'), rolled up from the stored messages, calls and
-- transcriptions: each roll-up writes the counts again, so a repeated run or a retried webhook cannot double count.
CREATE TABLE usage (
    business_id           TEXT NOT NULL REFERENCES businesses(id),
    month                 TEXT NOT NULL,
    texts                 INTEGER NOT NULL DEFAULT 0,
    segments              INTEGER NOT NULL DEFAULT 0,
    inbound_texts         INTEGER NOT NULL DEFAULT 0,
    call_minutes          INTEGER NOT NULL DEFAULT 0,
    transcription_minutes INTEGER NOT NULL DEFAULT 0,
    updated_at            TEXT NOT NULL,
    PRIMARY KEY (business_id, month)
);
