-- Subscriptions and metered usage (issue 20). A subscription is one row per business: its plan, its state (trial →
-- active → past_due → paused → cancelled), when the trial ends, the paid period, and the payment provider's ids.
-- businesses.subscription_status mirrors the state (the texting policy reads it) and gains past_due.
ALTER TABLE businesses DROP CONSTRAINT IF EXISTS businesses_subscription_status_check;
ALTER TABLE businesses ADD CONSTRAINT businesses_subscription_status_check
    CHECK (subscription_status IN ('trial','active','past_due','paused','cancelled'));

CREATE TABLE subscriptions (
    business_id              TEXT NOT NULL PRIMARY KEY REFERENCES businesses(id),
    plan                     TEXT NOT NULL,
    state                    TEXT NOT NULL CHECK (state IN ('trial','active','past_due','paused','cancelled')),
    trial_ends_at            TIMESTAMPTZ NOT NULL,
    current_period_start     TIMESTAMPTZ NULL,
    current_period_end       TIMESTAMPTZ NULL,
    past_due_since           TIMESTAMPTZ NULL,
    has_payment_method       BOOLEAN NOT NULL DEFAULT FALSE,
    provider                 TEXT NOT NULL,
    provider_customer_id     TEXT NULL,
    provider_subscription_id TEXT NULL,
    checkout_ref             TEXT NULL,
    cancelled_at             TIMESTAMPTZ NULL,
    created_at               TIMESTAMPTZ NOT NULL,
    updated_at               TIMESTAMPTZ NOT NULL
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
    received_at TIMESTAMPTZ NOT NULL,
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
    updated_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (business_id, month)
);
