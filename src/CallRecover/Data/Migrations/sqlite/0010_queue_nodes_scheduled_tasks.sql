-- Queue nodes: each running worker beats here (Queue:Heartbeat), so the claims of a node that stopped beating
-- (a crash) are rerun after Queue:NodeTimeout instead of after their whole lease. Written by Queue/WorkQueue.cs.
CREATE TABLE queue_nodes (
    node          TEXT PRIMARY KEY,
    started_at    TEXT NOT NULL,
    heartbeat_at  TEXT NOT NULL
);

-- Scheduled tasks (IScheduledTask): one row per task key with its last run and next run. A node runs a task only
-- after claiming its row (locked_by / locked_until), so one node runs each run. Written by Queue/ScheduledTaskStore.cs.
CREATE TABLE scheduled_tasks (
    key                   TEXT PRIMARY KEY,
    next_run_at           TEXT NOT NULL,
    run_now_requested_at  TEXT NULL,
    locked_by             TEXT NULL,
    locked_until          TEXT NULL,
    last_started_at       TEXT NULL,
    last_finished_at      TEXT NULL,
    last_result           TEXT NULL,
    last_error            TEXT NULL,
    updated_at            TEXT NOT NULL
);

-- The stale-conversation sweep is a scheduled task now (key "followup.sweep"); its self-rescheduling work items
-- have no handler any more.
UPDATE work_items SET status = 'cancelled', locked_by = NULL, locked_until = NULL, finished_at = updated_at
WHERE kind = 'followup.sweep' AND status IN ('pending','running');
