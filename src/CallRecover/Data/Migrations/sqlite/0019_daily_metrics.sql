-- Daily metrics (issue #18): one row per business per local day (the business's time zone), folded from the source
-- tables by Reports/MetricsStore: a day is recomputed whole from its rows, so a fold repeated or run late changes nothing.
CREATE TABLE daily_metrics (
    business_id        TEXT NOT NULL REFERENCES businesses(id),
    day                TEXT NOT NULL,               -- local date, YYYY-MM-DD
    calls              INTEGER NOT NULL DEFAULT 0,
    missed             INTEGER NOT NULL DEFAULT 0,
    missed_by_hour     TEXT NOT NULL DEFAULT '[]',  -- 24 counts, by local hour of the missed call
    recovered          INTEGER NOT NULL DEFAULT 0,
    recovered_booked   INTEGER NOT NULL DEFAULT 0,
    text_back_seconds  TEXT NOT NULL DEFAULT '[]',  -- every missed call's text-back time, sorted: periods merge these, never percentiles
    leads              INTEGER NOT NULL DEFAULT 0,
    leads_by_source    TEXT NOT NULL DEFAULT '{}',
    qualified          INTEGER NOT NULL DEFAULT 0,
    booked             INTEGER NOT NULL DEFAULT 0,
    jobs_completed     INTEGER NOT NULL DEFAULT 0,
    invoiced_cents     INTEGER NOT NULL DEFAULT 0,
    paid_cents         INTEGER NOT NULL DEFAULT 0,
    paid_recovered_cents INTEGER NOT NULL DEFAULT 0,
    jobs_paid          INTEGER NOT NULL DEFAULT 0,
    messages_in        INTEGER NOT NULL DEFAULT 0,
    messages_out       INTEGER NOT NULL DEFAULT 0,
    opt_outs           INTEGER NOT NULL DEFAULT 0,
    review_requests    INTEGER NOT NULL DEFAULT 0,
    review_clicks      INTEGER NOT NULL DEFAULT 0,
    computed_at        TEXT NOT NULL,
    PRIMARY KEY (business_id, day)
);

-- How far each business's changes have been folded into daily_metrics (rows changed at or after it are looked at next).
CREATE TABLE metrics_watermarks (
    business_id  TEXT PRIMARY KEY REFERENCES businesses(id),
    folded_until TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- Report settings: the subscription cost ROI is measured against, and the weekly email opt-out.
CREATE TABLE report_settings (
    business_id        TEXT PRIMARY KEY REFERENCES businesses(id),
    monthly_cost_cents INTEGER NOT NULL DEFAULT 0 CHECK (monthly_cost_cents BETWEEN 0 AND 100000000),
    weekly_email       BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at         TEXT NOT NULL
);

-- The fold finds what changed since its watermark by updated_at.
CREATE INDEX ix_calls_business_updated ON calls (business_id, updated_at);
CREATE INDEX ix_messages_business_updated ON messages (business_id, updated_at);
CREATE INDEX ix_leads_business_updated ON leads (business_id, updated_at);
CREATE INDEX ix_appointments_business_updated ON appointments (business_id, updated_at);
CREATE INDEX ix_jobs_business_updated ON jobs (business_id, updated_at);
CREATE INDEX ix_review_requests_updated ON review_requests (business_id, updated_at);
CREATE INDEX ix_opt_outs_business_created ON opt_outs (business_id, created_at);
-- A missed caller's reply is found by their number (the fold, and the overview's recovered count); texts to them have ix_messages_business_to.
CREATE INDEX ix_messages_business_from ON messages (business_id, from_phone, created_at);
