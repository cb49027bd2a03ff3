-- Jobs, technicians, dispatch (visits) and parts orders (issue #16).
-- A visit is an appointment: the appointment a caller books by text IS the job's first visit (one record), so
-- appointments gain the job, the technician and the field statuses (en route / on site as timestamps next to the
-- status, which keeps every existing "live appointment" query right while a technician is on the way or on site).

CREATE TABLE technicians (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    user_id     TEXT NULL REFERENCES users(id),
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    email       TEXT NOT NULL,
    skills      TEXT NOT NULL DEFAULT '[]',
    home_area   TEXT NULL,
    shifts      TEXT NOT NULL DEFAULT '[]',
    status      TEXT NOT NULL DEFAULT 'available' CHECK (status IN ('available','busy','off')),
    rating      NUMERIC(3,2) NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
-- One technician per email in a business (the same person may work for two businesses).
CREATE UNIQUE INDEX ux_technicians_email ON technicians (business_id, email);

-- Per business: the checklist a technician ticks before completing a job (empty: no checklist).
CREATE TABLE job_settings (
    business_id TEXT PRIMARY KEY REFERENCES businesses(id),
    checklist   TEXT NOT NULL DEFAULT '[]',
    updated_at  TEXT NOT NULL
);

CREATE TABLE jobs (
    id               TEXT PRIMARY KEY,
    business_id      TEXT NOT NULL REFERENCES businesses(id),
    lead_id          TEXT NOT NULL REFERENCES leads(id),
    customer_id      TEXT NULL REFERENCES customers(id),
    quote_id         TEXT NULL REFERENCES quotes(id),
    source           TEXT NOT NULL CHECK (source IN ('quote','booking','manual')),
    title            TEXT NOT NULL,
    stage            TEXT NOT NULL CHECK (stage IN ('quote_requested','quote_sent','confirmed','in_progress','completed','cancelled')),
    notes            TEXT NULL,
    technician_notes TEXT NULL,
    checklist_done   TEXT NOT NULL DEFAULT '[]',
    stage_changed_at TEXT NOT NULL,
    completed_at     TEXT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
-- An approved quote opens exactly one job, also when the approval (a retried webhook) is replayed.
CREATE UNIQUE INDEX ux_jobs_quote ON jobs (quote_id) WHERE quote_id IS NOT NULL;
CREATE INDEX ix_jobs_business_stage ON jobs (business_id, stage, updated_at);
CREATE INDEX ix_jobs_lead ON jobs (business_id, lead_id);

CREATE TABLE job_photos (
    id           TEXT PRIMARY KEY,
    business_id  TEXT NOT NULL REFERENCES businesses(id),
    job_id       TEXT NOT NULL REFERENCES jobs(id),
    uploaded_by  TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg','image/png','image/heic')),
    size_bytes   BIGINT NOT NULL,
    storage_path TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX ix_job_photos_job ON job_photos (business_id, job_id, created_at);

-- One parts order per job.
CREATE TABLE parts_orders (
    id               TEXT PRIMARY KEY,
    business_id      TEXT NOT NULL REFERENCES businesses(id),
    job_id           TEXT NOT NULL UNIQUE REFERENCES jobs(id),
    supplier_name    TEXT NULL,
    supplier_contact TEXT NULL,
    status           TEXT NOT NULL CHECK (status IN ('requested','ordered','received')),
    requested_at     TEXT NOT NULL,
    ordered_at       TEXT NULL,
    received_at      TEXT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX ix_parts_orders_business ON parts_orders (business_id, status);

CREATE TABLE parts_order_items (
    id             TEXT PRIMARY KEY,
    business_id    TEXT NOT NULL REFERENCES businesses(id),
    parts_order_id TEXT NOT NULL REFERENCES parts_orders(id),
    position       INTEGER NOT NULL,
    part_number    TEXT NULL,
    description    TEXT NOT NULL,
    qty            NUMERIC(10,2) NOT NULL,
    unit_cost      NUMERIC(12,2) NOT NULL
);
CREATE INDEX ix_parts_order_items_order ON parts_order_items (business_id, parts_order_id, position);

ALTER TABLE appointments ADD COLUMN job_id TEXT NULL REFERENCES jobs(id);
ALTER TABLE appointments ADD COLUMN technician_id TEXT NULL REFERENCES technicians(id);
ALTER TABLE appointments ADD COLUMN assign_reason TEXT NULL;
ALTER TABLE appointments ADD COLUMN en_route_at TEXT NULL;
ALTER TABLE appointments ADD COLUMN on_site_at TEXT NULL;
ALTER TABLE appointments ADD COLUMN eta_minutes INTEGER NULL;
ALTER TABLE appointments ADD COLUMN completed_at TEXT NULL;
-- Two live visits of one business could not start at the same instant; with technicians, two crews can. The
-- per-business rule stays for visits without a technician (SMS booking), and a technician's own live visits can
-- never start at the same instant (the dispatch transaction locks the technician's row and checks overlaps first).
DROP INDEX ux_appointments_live_start;
CREATE UNIQUE INDEX ux_appointments_live_start ON appointments (business_id, start_at) WHERE status IN ('scheduled','confirmed') AND technician_id IS NULL;
CREATE UNIQUE INDEX ux_appointments_technician_live_start ON appointments (technician_id, start_at) WHERE status IN ('scheduled','confirmed') AND technician_id IS NOT NULL;
CREATE INDEX ix_appointments_technician ON appointments (business_id, technician_id, start_at);
CREATE INDEX ix_appointments_job ON appointments (business_id, job_id);

-- A removed team member keeps their row (notifications and sign-in tokens point at it) but can no longer sign in;
-- the sign-in cookie is checked against this on every request.
ALTER TABLE users ADD COLUMN removed_at TEXT NULL;
