-- Public request form (issue #17): a business is found publicly by its slug (/request/{slug}); existing businesses
-- start with their id as slug (unique, URL-safe) and the owner or operator can change it in settings.
ALTER TABLE businesses ADD COLUMN slug TEXT NULL;
UPDATE businesses SET slug = id WHERE slug IS NULL;
CREATE UNIQUE INDEX ux_businesses_slug ON businesses (slug);

-- One row per accepted web request: what the customer typed, the short reference they were given, and whether they
-- ticked the SMS consent box together with the exact wording they saw (stored even when unticked: null wording).
CREATE TABLE web_requests (
    id             TEXT PRIMARY KEY,
    business_id    TEXT NOT NULL REFERENCES businesses(id),
    reference      TEXT NOT NULL,
    lead_id        TEXT NOT NULL REFERENCES leads(id),
    customer_id    TEXT NOT NULL REFERENCES customers(id),
    quote_id       TEXT NULL,
    name           TEXT NOT NULL,
    phone          TEXT NOT NULL,
    email          TEXT NULL,
    address        TEXT NULL,
    vehicle_year   INTEGER NULL,
    vehicle_make   TEXT NULL,
    vehicle_model  TEXT NULL,
    problem        TEXT NOT NULL,
    sms_consent    BOOLEAN NOT NULL,
    consent_text   TEXT NULL,
    client_ip      TEXT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_web_requests_reference ON web_requests (business_id, reference);
CREATE INDEX ix_web_requests_lead ON web_requests (business_id, lead_id);
