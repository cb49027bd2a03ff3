-- "Recovered" now counts only missed callers who engaged (not those whose only answer was STOP, "wrong number" or
-- "not interested"); whether a text engaged is read from its conversation turn.
-- The metrics fold looks for turns recorded since its watermark (the engine answers a moment after the text is
-- stored); without this index that read walked every turn the business ever had, every 5 minutes.
CREATE INDEX ix_conversation_turns_business_created ON conversation_turns (business_id, created_at);
-- Days folded under the old definition are recomputed: with no watermark, a business's next fold (within 5 minutes of
-- start) recomputes all its days, and until then pages compute the days they show from the source tables.
DELETE FROM metrics_watermarks;
