-- Photos sent with a web request (issue #17, "photos optional"): up to five per request, checked by their first bytes.
-- The files live under Requests:PhotoPath/{business}/{id}.{ext} (never served as static files); a row points at its file.
-- They hang off the lead (not the customer), so a customer merge has nothing to move.
CREATE TABLE request_photos (
    id             TEXT PRIMARY KEY,
    business_id    TEXT NOT NULL REFERENCES businesses(id),
    web_request_id TEXT NOT NULL REFERENCES web_requests(id),
    lead_id        TEXT NOT NULL REFERENCES leads(id),
    file_name      TEXT NOT NULL,
    content_type   TEXT NOT NULL CHECK (content_type IN ('image/jpeg','image/png','image/heic')),
    size_bytes     BIGINT NOT NULL,
    storage_path   TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_request_photos_lead ON request_photos (business_id, lead_id, created_at);
