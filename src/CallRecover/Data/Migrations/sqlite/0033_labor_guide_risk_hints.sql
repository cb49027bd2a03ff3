-- Issue 23, estimates from real data. Both tables are per business and replaced whole by an import (a CSV the owner
-- maps in the dashboard or an operator posts): a bad file changes nothing, a good one replaces every row at once.
--
-- labor_guide: the business's labor times, one row per repair and vehicle range (Estimates/LaborGuideStore.cs writes it).
-- repair names a catalog entry (case-insensitive); keywords (a JSON array) also recognize it in free text; empty
-- make/model/years/engine mean any vehicle. row_number is the row in the imported file (the header is row 1), so an
-- estimate can say which row it used and the owner can find it in their spreadsheet.
CREATE TABLE labor_guide (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    row_number  INTEGER NOT NULL,
    repair      TEXT NOT NULL,
    keywords    TEXT NOT NULL DEFAULT '[]',
    make        TEXT,
    model       TEXT,
    year_from   INTEGER,
    year_to     INTEGER,
    engine      TEXT,
    labor_hours NUMERIC(6,2) NOT NULL CHECK (labor_hours > 0),
    imported_at TEXT NOT NULL,
    UNIQUE (business_id, row_number)
);

-- risk_hints: components that commonly fail on a make/model/year range, shown to staff on a quote and never sent to
-- the customer (Estimates/RiskHintStore.cs writes it). A business without rows sees the built-in sample
-- (Estimates/Data/risk-hints.json); an import replaces it for that business.
CREATE TABLE risk_hints (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    row_number  INTEGER NOT NULL,
    make        TEXT NOT NULL,
    model       TEXT,
    year_from   INTEGER,
    year_to     INTEGER,
    hint        TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (business_id, row_number)
);
