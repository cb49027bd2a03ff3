using CallRecover.Data;
using Dapper;

namespace CallRecover.Queue;

/// <summary>One scheduled task's row: its next run, who runs it now, and how its last run went.</summary>
public sealed record ScheduledTaskRow
{
    public string Key { get; init; } = "";
    public DateTimeOffset NextRunAt { get; init; }
    public DateTimeOffset? RunNowRequestedAt { get; init; }
    public string? LockedBy { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public DateTimeOffset? LastStartedAt { get; init; }
    public DateTimeOffset? LastFinishedAt { get; init; }
    public string? LastResult { get; init; }
    public string? LastError { get; init; }
}

/// <summary>
/// The <c>scheduled_tasks</c> table (its only writer). Platform-level, no tenant. A run is claimed with a conditional
/// UPDATE: on PostgreSQL a second node's UPDATE of the same row waits for the first to commit and then no longer
/// matches, so one node runs each run.
/// </summary>
public sealed class ScheduledTaskStore(Db db)
{
    private const string Columns = "key, next_run_at, run_now_requested_at, locked_by, locked_until, last_started_at, last_finished_at, last_result, last_error";

    // Claimable: nobody holds it, its holder's lease ran out, or its holder stopped beating in queue_nodes (crashed).
    // Never our own hold: we are alive (the runner also never claims a task it is running).
    private const string Free = """
        (locked_by IS NULL OR locked_until < @now
         OR (locked_by <> @node AND EXISTS (SELECT 1 FROM queue_nodes n WHERE n.node = scheduled_tasks.locked_by AND n.heartbeat_at < @deadBefore)))
        """;

    /// <summary>Adds a row, due at <paramref name="firstRunAt"/>, for each key that has none. Returns how many were added.</summary>
    public async Task<int> EnsureAsync(IReadOnlyCollection<string> keys, DateTimeOffset firstRunAt, CancellationToken ct = default)
    {
        if (keys.Count == 0) return 0;
        return await db.WriteAsync(async tx =>
        {
            var added = 0;
            foreach (var key in keys)
                added += await tx.Connection.ExecuteAsync("""
                    INSERT INTO scheduled_tasks (key, next_run_at, updated_at) VALUES (@key, @firstRunAt, @firstRunAt)
                    ON CONFLICT (key) DO NOTHING
                    """, new { key, firstRunAt }, tx.Transaction);
            return added;
        }, ct);
    }

    public async Task<IReadOnlyList<ScheduledTaskRow>> ListAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<ScheduledTaskRow>($"SELECT {Columns} FROM scheduled_tasks ORDER BY key")];
    }

    public async Task<ScheduledTaskRow?> GetAsync(string key, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ScheduledTaskRow>($"SELECT {Columns} FROM scheduled_tasks WHERE key = @key", new { key });
    }

    /// <summary>Keys that are due (or asked for) and free to claim: a read, so an idle poll writes nothing.</summary>
    public async Task<IReadOnlyList<string>> DueAsync(string node, DateTimeOffset now, DateTimeOffset deadBefore, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<string>($"""
            SELECT key FROM scheduled_tasks WHERE (next_run_at <= @now OR run_now_requested_at IS NOT NULL) AND {Free} ORDER BY next_run_at, key
            """, new { node, now, deadBefore })];
    }

    /// <summary>
    /// Claims one run of a due task for <paramref name="node"/> until <paramref name="lockedUntil"/>; null when it is not
    /// due or another node holds it. Consumes a pending "run now" (one asked for during the run makes it due again).
    /// </summary>
    public async Task<ScheduledTaskRow?> TryClaimAsync(string key, string node, DateTimeOffset now, DateTimeOffset lockedUntil, DateTimeOffset deadBefore,
        CancellationToken ct = default) =>
        await db.WriteAsync(async tx => await tx.Connection.QuerySingleOrDefaultAsync<ScheduledTaskRow>($"""
            UPDATE scheduled_tasks
            SET locked_by = @node, locked_until = @lockedUntil, last_started_at = @now, run_now_requested_at = NULL, updated_at = @now
            WHERE key = @key AND (next_run_at <= @now OR run_now_requested_at IS NOT NULL) AND {Free}
            RETURNING {Columns}
            """, new { key, node, now, lockedUntil, deadBefore }, tx.Transaction), ct);

    /// <summary>Keeps a long run ours. False when the hold was lost (another node may be running it now).</summary>
    public async Task<bool> ExtendAsync(string key, string node, DateTimeOffset lockedUntil, CancellationToken ct = default) =>
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "UPDATE scheduled_tasks SET locked_until = @lockedUntil WHERE key = @key AND locked_by = @node",
            new { key, node, lockedUntil }, tx.Transaction), ct) == 1;

    /// <summary>Records a finished run (<paramref name="error"/> set when it failed) and when the next is due, and lets go of it.
    /// False when the hold was lost meanwhile (then the other node's run is the one recorded).</summary>
    public async Task<bool> FinishAsync(string key, string node, DateTimeOffset finishedAt, string? result, string? error, DateTimeOffset nextRunAt,
        CancellationToken ct = default) =>
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            UPDATE scheduled_tasks
            SET locked_by = NULL, locked_until = NULL, last_finished_at = @finishedAt, last_result = @result, last_error = @error,
                next_run_at = @nextRunAt, updated_at = @finishedAt
            WHERE key = @key AND locked_by = @node
            """, new { key, node, finishedAt, result, error, nextRunAt }, tx.Transaction), ct) == 1;

    /// <summary>Lets go of a run that was interrupted (shutdown) without recording it: still due, so it runs again soon.</summary>
    public async Task AbandonAsync(string key, string node, DateTimeOffset now, CancellationToken ct = default) =>
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "UPDATE scheduled_tasks SET locked_by = NULL, locked_until = NULL, updated_at = @now WHERE key = @key AND locked_by = @node",
            new { key, node, now }, tx.Transaction), ct);

    /// <summary>Asks for a run now (operator). Whichever node's runner polls next runs it, once.</summary>
    public async Task RequestRunAsync(string key, DateTimeOffset now, CancellationToken ct = default) =>
        await db.WriteAsync(tx => RequestRunAsync(tx, key, now), ct);

    /// <summary>As above, in the caller's transaction (the operator console audits the request in the same one).</summary>
    public async Task RequestRunAsync(DbTx tx, string key, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO scheduled_tasks (key, next_run_at, run_now_requested_at, updated_at) VALUES (@key, @now, @now, @now)
            ON CONFLICT (key) DO UPDATE SET run_now_requested_at = @now, updated_at = @now
            """, new { key, now }, tx.Transaction);
}
