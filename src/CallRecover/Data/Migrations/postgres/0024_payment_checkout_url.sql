-- The checkout page of a pending payment, so a second tab (or a second tap) reuses the open checkout instead of
-- opening another one the customer could also pay.
ALTER TABLE payments ADD COLUMN checkout_url TEXT NULL;
