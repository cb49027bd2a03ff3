-- Indexes for what the overview and the reports read on every view (found with bench/CallRecover.ReportsBench at
-- 1,000,000 calls and 200,000 leads).
-- A day's figures count leads, visits, completed jobs and review requests by the time they were made, completed, sent or
-- clicked; without these each count read every row the business ever had (200,000 leads took 60 ms a day on SQLite).
CREATE INDEX ix_leads_business_created ON leads (business_id, created_at);
CREATE INDEX ix_appointments_business_created ON appointments (business_id, created_at);
CREATE INDEX ix_jobs_business_completed ON jobs (business_id, completed_at);
CREATE INDEX ix_review_requests_sent ON review_requests (business_id, sent_at);
CREATE INDEX ix_review_requests_clicked ON review_requests (business_id, clicked_at);
-- The activity feed takes a business's 20 newest texts that belong to a conversation. Texts outside one (alerts to the
-- owner) can be most of a busy business's texts, and the feed walked past every one of them; this index holds only its rows.
CREATE INDEX ix_messages_business_feed ON messages (business_id, created_at) WHERE conversation_id IS NOT NULL;
