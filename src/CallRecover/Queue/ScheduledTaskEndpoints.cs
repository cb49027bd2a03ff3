namespace CallRecover.Queue;

/// <summary>
/// The operator's view of the scheduled tasks: <c>GET /api/admin/scheduled-tasks</c>. Platform-level (no business), under
/// the operator key of the group. Running one now (<c>POST /api/admin/scheduled-tasks/{key}/run</c>) is an operator action,
/// audited, so it lives with the others in <c>Operator/</c>.
/// </summary>
public static class ScheduledTaskEndpoints
{
    /// <summary>A task as the operator sees it. While it runs, <see cref="LastStartedAt"/> is the running run's start.</summary>
    public sealed record ScheduledTaskView(
        string Key, string Name, string Description, TimeSpan Interval,
        DateTimeOffset? LastStartedAt, DateTimeOffset? LastFinishedAt, string? LastResult, string? LastError,
        bool Running, DateTimeOffset? NextRunAt, bool RunRequested);

    internal static RouteGroupBuilder MapScheduledTasks(this RouteGroupBuilder admin)
    {
        admin.MapGet("/scheduled-tasks", async (ScheduledTaskRunner runner, ScheduledTaskStore store, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok(await ListAsync(runner, store, clock.GetUtcNow(), ct)));
        return admin;
    }

    /// <summary>Every registered task with its last and next run (the API's list and the operator console's table).</summary>
    public static async Task<IReadOnlyList<ScheduledTaskView>> ListAsync(ScheduledTaskRunner runner, ScheduledTaskStore store, DateTimeOffset now, CancellationToken ct = default)
    {
        var rows = (await store.ListAsync(ct)).ToDictionary(r => r.Key);
        return [.. runner.Tasks.Select(t => View(t, rows.GetValueOrDefault(t.Key), now))];
    }

    public static ScheduledTaskView View(IScheduledTask t, ScheduledTaskRow? r, DateTimeOffset now) =>
        new(t.Key, t.Name, t.Description, t.Interval, r?.LastStartedAt, r?.LastFinishedAt, r?.LastResult, r?.LastError,
            Running: r is { LockedBy: not null } && r.LockedUntil > now, r?.NextRunAt, RunRequested: r?.RunNowRequestedAt is not null);
}
