-- 0031 added ix_messages_from_phone for campaign replies, the same columns as 0019's ix_messages_business_from
-- (business_id, from_phone, created_at). Every message insert and status change kept both up to date for nothing:
-- the planner uses either for the same queries. Found while measuring the missed-call burst (issue 13).
DROP INDEX IF EXISTS ix_messages_from_phone;
