-- Numbers bought through the carrier's REST API (issue 20): which business holds each, the carrier's PN… SID to
-- re-point or release it, the provider it was bought from (twilio, signalwire, simulator), the webhook URLs it was
-- last pointed at, and whether we still hold it (bought) or gave it back (released). A number is held by at most one
-- row at a time; a released row stays as history.
CREATE TABLE phone_numbers (
    id           TEXT NOT NULL PRIMARY KEY,
    business_id  TEXT NOT NULL REFERENCES businesses(id),
    phone_number TEXT NOT NULL,
    carrier_sid  TEXT NOT NULL,
    provider     TEXT NOT NULL,
    status       TEXT NOT NULL,
    voice_url    TEXT NOT NULL,
    sms_url      TEXT NOT NULL,
    bought_at    TEXT NOT NULL,
    released_at  TEXT NULL
);
CREATE UNIQUE INDEX ux_phone_numbers_held ON phone_numbers (phone_number) WHERE status = 'bought';
CREATE INDEX ix_phone_numbers_business ON phone_numbers (business_id, status);
