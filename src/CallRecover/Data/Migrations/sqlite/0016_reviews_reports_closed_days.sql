-- Closed days (issue #18): besides its own dates (days_off), a business may close on recurring holiday presets
-- ("us-federal"), computed by rule for each year in the business's time zone.
ALTER TABLE booking_settings ADD COLUMN holidays TEXT NOT NULL DEFAULT '[]';
