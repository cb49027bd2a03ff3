-- Invoices, payments and the customer portal (issue #17, part A). Money is integer cents.

-- One invoice per job, drafted when the job completes (quote lines + anything added on site), then sent and paid.
-- pay_token_hash: SHA-256 of the token in the customer's payment link (/pay/{token}); the token itself is never stored.
CREATE TABLE invoices (
    id              TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL REFERENCES businesses(id),
    job_id          TEXT NOT NULL REFERENCES jobs(id),
    lead_id         TEXT NOT NULL REFERENCES leads(id),
    customer_id     TEXT NULL REFERENCES customers(id),
    quote_id        TEXT NULL REFERENCES quotes(id),
    status          TEXT NOT NULL CHECK (status IN ('draft','sent','paid','void')),
    currency        TEXT NOT NULL,
    total_cents     BIGINT NOT NULL,
    pay_token_hash  TEXT NOT NULL UNIQUE,
    sent_message_id TEXT NULL,
    sent_at         TEXT NULL,
    paid_at         TEXT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
-- A completed job drafts exactly one invoice, also when the completion is replayed on two nodes.
CREATE UNIQUE INDEX ux_invoices_job ON invoices (job_id);
CREATE INDEX ix_invoices_business ON invoices (business_id, status, updated_at);
CREATE INDEX ix_invoices_lead ON invoices (business_id, lead_id);

CREATE TABLE invoice_lines (
    id               TEXT PRIMARY KEY,
    business_id      TEXT NOT NULL REFERENCES businesses(id),
    invoice_id       TEXT NOT NULL REFERENCES invoices(id),
    position         INTEGER NOT NULL,
    source           TEXT NOT NULL CHECK (source IN ('quote','site')),
    description      TEXT NOT NULL,
    qty              NUMERIC(10,2) NOT NULL,
    unit_cents       BIGINT NOT NULL,
    amount_cents     BIGINT NOT NULL
);
CREATE INDEX ix_invoice_lines_invoice ON invoice_lines (business_id, invoice_id, position);

-- A checkout started for an invoice at a provider (simulated or stripe); provider_ref is the provider's session id.
CREATE TABLE payments (
    id           TEXT PRIMARY KEY,
    business_id  TEXT NOT NULL REFERENCES businesses(id),
    invoice_id   TEXT NOT NULL REFERENCES invoices(id),
    provider     TEXT NOT NULL CHECK (provider IN ('simulated','stripe')),
    provider_ref TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending','paid')),
    amount_cents BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    paid_at      TEXT NULL
);
CREATE UNIQUE INDEX ux_payments_provider_ref ON payments (provider, provider_ref);
CREATE INDEX ix_payments_invoice ON payments (business_id, invoice_id);
-- At most one paid payment per invoice: a second session paid for the same invoice is not recorded twice.
CREATE UNIQUE INDEX ux_payments_invoice_paid ON payments (invoice_id) WHERE status = 'paid';

-- Provider webhook events already handled (idempotency on the provider's event id).
CREATE TABLE payment_events (
    provider    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    type        TEXT NOT NULL,
    payment_id  TEXT NULL REFERENCES payments(id),
    received_at TEXT NOT NULL,
    PRIMARY KEY (provider, event_id)
);
CREATE INDEX ix_payment_events_business ON payment_events (business_id, received_at);

-- A customer's portal link (/p/{token}). The token is stored only as its SHA-256; it expires and can be revoked.
-- It shows the items of one lead (and of its customer, when it has one).
CREATE TABLE portal_links (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    lead_id     TEXT NOT NULL REFERENCES leads(id),
    customer_id TEXT NULL REFERENCES customers(id),
    token_hash  TEXT NOT NULL UNIQUE,
    purpose     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT NULL,
    revoked_by  TEXT NULL,
    last_used_at TEXT NULL
);
CREATE INDEX ix_portal_links_customer ON portal_links (business_id, customer_id, created_at);
CREATE INDEX ix_portal_links_lead ON portal_links (business_id, lead_id, created_at);

-- A quote answered in the portal: the typed name as signature, with the time and the IP; or the reason for declining.
CREATE TABLE quote_signatures (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    quote_id    TEXT NOT NULL REFERENCES quotes(id),
    portal_link_id TEXT NOT NULL REFERENCES portal_links(id),
    decision    TEXT NOT NULL CHECK (decision IN ('approved','declined')),
    signed_name TEXT NULL,
    reason      TEXT NULL,
    ip          TEXT NULL,
    signed_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_quote_signatures_quote ON quote_signatures (quote_id);

-- A completed job is closed when its invoice is paid.
ALTER TABLE jobs ADD COLUMN paid_at TEXT NULL;
