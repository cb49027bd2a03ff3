using CallRecover.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallRecover.Queue;

/// <summary>
/// The operator's view of the scheduled tasks: <c>GET /api/admin/scheduled-tasks</c> and
/// <c>POST /api/admin/scheduled-tasks/{key}/run</c>. Platform-level (no business), under the operator key of the group.
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
        {
            var rows = (await store.ListAsync(ct)).ToDictionary(r => r.Key);
            var now = clock.GetUtcNow();
            return TypedResults.Ok<IReadOnlyList<ScheduledTaskView>>([.. runner.Tasks.Select(t => View(t, rows.GetValueOrDefault(t.Key), now))]);
        });
        admin.MapPost("/scheduled-tasks/{key}/run", async Task<Results<Accepted<ScheduledTaskView>, NotFound<Problems.Body>>> (
            string key, ScheduledTaskRunner runner, ScheduledTaskStore store, TimeProvider clock, CancellationToken ct) =>
        {
            if (runner.Find(key) is not { } task)
                return TypedResults.NotFound(new Problems.Body("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not found", 404,
                    $"No scheduled task with key '{key}'."));
            var now = clock.GetUtcNow();
            await store.RequestRunAsync(key, now, ct);
            // Runs on whichever node polls first; on this one at once if it runs scheduled tasks.
            runner.Wake();
            return TypedResults.Accepted("/api/admin/scheduled-tasks", View(task, await store.GetAsync(key, ct), now));
        });
        return admin;
    }

    private static ScheduledTaskView View(IScheduledTask t, ScheduledTaskRow? r, DateTimeOffset now) =>
        new(t.Key, t.Name, t.Description, t.Interval, r?.LastStartedAt, r?.LastFinishedAt, r?.LastResult, r?.LastError,
            Running: r is { LockedBy: not null } && r.LockedUntil > now, r?.NextRunAt, RunRequested: r?.RunNowRequestedAt is not null);
}
