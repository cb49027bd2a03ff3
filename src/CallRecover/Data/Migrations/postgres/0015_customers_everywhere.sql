-- Customers from every source, merge and full-text search (issue #17, part B).
-- A customer records where it came from; a merged customer keeps its row (its phone still finds the kept one, nothing
-- is lost) and points at the customer it was merged into. Search uses pg_trgm (a trusted extension since PostgreSQL
-- 13: the database owner may create it) over search_text, a lower-cased line of name, phone digits, e-mail, address
-- and the vehicles' VIN/make/model that CustomerStore rewrites in the same transaction as every change.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE customers ADD COLUMN source TEXT NOT NULL DEFAULT 'recording'
    CHECK (source IN ('missed_call','answered_call','sms','recording','web_form','import','manual'));
ALTER TABLE customers ADD COLUMN merged_into_id TEXT NULL REFERENCES customers(id);
ALTER TABLE customers ADD COLUMN merged_at TIMESTAMPTZ NULL;
ALTER TABLE customers ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX ix_customers_email ON customers (business_id, email);
CREATE INDEX ix_customers_updated ON customers (business_id, updated_at);
CREATE INDEX ix_customers_merged_into ON customers (business_id, merged_into_id);
CREATE INDEX ix_customers_search ON customers USING gin (search_text gin_trgm_ops);

UPDATE customers c SET search_text = lower(trim(COALESCE(c.name, '') || ' ' || replace(c.phone, '+', '') || ' ' || COALESCE(c.email, '') || ' ' ||
    COALESCE(c.address, '') || ' ' || COALESCE((SELECT string_agg(COALESCE(v.vin, '') || ' ' || COALESCE(v.make, '') || ' ' || COALESCE(v.model, ''), ' ')
    FROM vehicles v WHERE v.business_id = c.business_id AND v.customer_id = c.id), '')));
