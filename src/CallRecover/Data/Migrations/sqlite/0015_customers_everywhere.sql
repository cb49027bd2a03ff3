-- Customers from every source, merge and full-text search (issue #17, part B).
-- A customer records where it came from; a merged customer keeps its row (its phone still finds the kept one, nothing
-- is lost) and points at the customer it was merged into. Search runs on an FTS5 table with the trigram tokenizer
-- (substring LIKE on names, addresses, phone digits, e-mails, VINs uses its index), written by CustomerStore in the
-- same transaction as every change to a customer or a vehicle.

ALTER TABLE customers ADD COLUMN source TEXT NOT NULL DEFAULT 'recording'
    CHECK (source IN ('missed_call','answered_call','sms','recording','web_form','import','manual'));
ALTER TABLE customers ADD COLUMN merged_into_id TEXT NULL REFERENCES customers(id);
ALTER TABLE customers ADD COLUMN merged_at TEXT NULL;
CREATE INDEX ix_customers_email ON customers (business_id, email);
CREATE INDEX ix_customers_updated ON customers (business_id, updated_at);
CREATE INDEX ix_customers_merged_into ON customers (business_id, merged_into_id);

CREATE VIRTUAL TABLE customer_search USING fts5(body, customer_id, business_id UNINDEXED, tokenize = 'trigram');

INSERT INTO customer_search (body, customer_id, business_id)
SELECT lower(trim(COALESCE(c.name, '') || ' ' || replace(c.phone, '+', '') || ' ' || COALESCE(c.email, '') || ' ' || COALESCE(c.address, '') || ' ' ||
       COALESCE((SELECT group_concat(COALESCE(v.vin, '') || ' ' || COALESCE(v.make, '') || ' ' || COALESCE(v.model, ''), ' ') FROM vehicles v
                 WHERE v.business_id = c.business_id AND v.customer_id = c.id), ''))),
       c.id, c.business_id
FROM customers c;
