-- Work someone is waiting for (a caller's greeting, the reply to their text, an emergency alert) is claimed before the
-- rest (owner notices, follow-ups, reminders, campaigns, syncs): in a burst of missed calls each caller's text-back
-- queued behind every earlier call's owner notice, and texts held for quiet hours all fall due at 8:00 together.
-- 0 = someone is waiting, 1 = the rest. The claim asks the waiting lane first through its own small partial index.
ALTER TABLE work_items ADD COLUMN priority SMALLINT NOT NULL DEFAULT 1;
CREATE INDEX ix_work_items_waiting ON work_items (due_at, id) WHERE status = 'pending' AND priority = 0;
