-- Parts prices from providers (issue 23). A repair's parts price comes from the business's chain of sources, in the
-- order it chose (its own price list, PartsTech), then the catalog's default; each quote line records where its price
-- came from and when it was fetched. Written only by PartsPricingStore (the three parts_ tables) and QuoteStore
-- (quote_items' new columns, quote_corrections).

-- The business's own parts prices, one per catalog repair (matched by the repair's name, stored lower case). An import
-- replaces the whole list.
CREATE TABLE parts_price_list (
    business_id TEXT NOT NULL REFERENCES businesses(id),
    repair      TEXT NOT NULL,
    name        TEXT NOT NULL,
    part_number TEXT NULL,
    description TEXT NULL,
    price       NUMERIC(12,2) NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (business_id, repair)
);

-- Which sources a business asks, in order (a JSON array of price_list, partstech), how long a provider's price is kept,
-- and its PartsTech user credentials (the key as Data Protection ciphertext, never shown again).
CREATE TABLE parts_providers (
    business_id        TEXT PRIMARY KEY REFERENCES businesses(id),
    provider_order     TEXT NOT NULL,
    cache_hours        INTEGER NOT NULL,
    partstech_user_id  TEXT NULL,
    partstech_key      TEXT NULL,
    partstech_store_id BIGINT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);

-- A provider's answer for one repair on one vehicle, kept until expires_at so a warm estimate never waits on the network.
CREATE TABLE parts_price_cache (
    business_id TEXT NOT NULL REFERENCES businesses(id),
    provider    TEXT NOT NULL,
    cache_key   TEXT NOT NULL,
    price       NUMERIC(12,2) NOT NULL,
    part_number TEXT NULL,
    description TEXT NULL,
    fetched_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (business_id, provider, cache_key)
);

-- Where a line's price came from (price_list, partstech, catalog; null: typed by staff or older quotes) and when.
ALTER TABLE quote_items ADD COLUMN price_source TEXT NULL;
ALTER TABLE quote_items ADD COLUMN price_fetched_at TIMESTAMPTZ NULL;

-- The quote quality loop: each line staff changed, added or removed on a quote the engine priced, kept as an example so
-- the owner sees which repairs the catalog prices wrong. before_* null: staff added the line; after_* null: removed.
CREATE TABLE quote_corrections (
    id            TEXT PRIMARY KEY,
    business_id   TEXT NOT NULL REFERENCES businesses(id),
    quote_id      TEXT NOT NULL REFERENCES quotes(id),
    repair        TEXT NULL,
    kind          TEXT NOT NULL,
    before_amount NUMERIC(12,2) NULL,
    after_amount  NUMERIC(12,2) NULL,
    before_hours  NUMERIC(6,2) NULL,
    after_hours   NUMERIC(6,2) NULL,
    actor         TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_quote_corrections_business ON quote_corrections (business_id, repair, created_at);
