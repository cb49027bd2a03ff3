-- Customer tags (issue 19's "customers by tag"): words the owner puts on a customer ("maintenance plan", "commercial")
-- to find them again and to send a campaign to. Stored normalized (trimmed, lower case, 1-40 letters, digits, spaces,
-- '-' or '_'; Customers/CustomerTags.cs), one row per customer and tag. Written only by CustomerStore; a merge moves the
-- merged customer's tags to the kept one, an erasure removes them. The index answers "who carries this tag" (the
-- customers list's filter and the campaign audience).
CREATE TABLE customer_tags (
    business_id TEXT NOT NULL REFERENCES businesses(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    tag         TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, tag)
);
CREATE INDEX ix_customer_tags_business_tag ON customer_tags (business_id, tag);
