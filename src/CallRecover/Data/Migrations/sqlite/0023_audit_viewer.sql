-- The audit viewer lists a business's entries newest first, filtered by time.
CREATE INDEX ix_audit_log_business_time ON audit_log (business_id, created_at, id);
