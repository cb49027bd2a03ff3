-- 0031 added ix_messages_from_phone for campaign replies, the same columns as 0019's ix_messages_business_from
-- (business_id, from_phone, created_at). Every message insert and status change kept both up to date for nothing:
-- the planner uses either for the same queries. Found while measuring the missed-call burst (issue 13).
DROP INDEX IF EXISTS ix_messages_from_phone;

-- Every text's texting policy asks whether a person holds a conversation with the recipient (business_id, phone,
-- status = 'human_active'), and an inbound text without an open conversation looks for the phone's latest one. Only the
-- partial index of open conversations has those columns, and SQLite cannot use it for one status, so both walked every
-- conversation of the business (found measuring the burst, issue 13).
CREATE INDEX ix_conversations_business_phone ON conversations (business_id, phone, created_at);
