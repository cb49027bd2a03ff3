-- Tracing: the W3C traceparent of the activity that queued an item (the webhook's request, or the handler that queued
-- more work), so the handler's activity continues the same trace. Null when nothing was being traced.
-- Written by Queue/WorkQueue.cs.
ALTER TABLE work_items ADD COLUMN traceparent TEXT NULL;
