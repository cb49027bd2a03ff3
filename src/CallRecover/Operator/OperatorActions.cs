using CallRecover.Audit;
using CallRecover.Data;
using CallRecover.Queue;

namespace CallRecover.Operator;

/// <summary>What an operator action came to: done, no such thing, or not allowed in its state (409).</summary>
public enum ActionOutcome { Done, NotFound, Conflict }

/// <summary>
/// The operator's actions on the machinery — retry or discard a work item in trouble, run a scheduled task now — each
/// written by the table's owner (WorkQueue, ScheduledTaskStore) and audited in the same transaction. The API (bearer key,
/// actor <c>operator</c>) and the console (signed-in operator, actor <c>operator:{email}</c>) both come here.
/// A work item's entry goes to its business's log (platform work to the platform's, business null).
/// </summary>
public sealed class OperatorActions(Db db, WorkQueue queue, ScheduledTaskStore tasks, ScheduledTaskRunner runner, AuditLog audit, TimeProvider clock)
{
    public Task<ActionOutcome> RetryAsync(long id, string actor, CancellationToken ct = default) =>
        OnWorkAsync(id, actor, "retried", queue.RetryAsync, ct);

    public Task<ActionOutcome> DiscardAsync(long id, string actor, CancellationToken ct = default) =>
        OnWorkAsync(id, actor, "discarded", queue.DiscardAsync, ct);

    private Task<ActionOutcome> OnWorkAsync(long id, string actor, string action, Func<DbTx, long, Task<bool>> change, CancellationToken ct) =>
        db.WriteAsync(async tx =>
        {
            if (await queue.GetAsync(tx, id) is not { } item) return ActionOutcome.NotFound;
            if (!await change(tx, id)) return ActionOutcome.Conflict;
            await audit.WriteAsync(tx, item.BusinessId, actor, "work_item", id.ToString(System.Globalization.CultureInfo.InvariantCulture), action,
                new { item.Kind, was = item.Status, item.Attempts, item.LastError });
            return ActionOutcome.Done;
        }, ct);

    /// <summary>Asks for a run of the task now (on whichever node polls first); false for an unknown key.</summary>
    public async Task<bool> RunTaskAsync(string key, string actor, CancellationToken ct = default)
    {
        if (runner.Find(key) is null) return false;
        var now = clock.GetUtcNow();
        await db.WriteAsync(async tx =>
        {
            await tasks.RequestRunAsync(tx, key, now);
            await audit.WriteAsync(tx, null, actor, "scheduled_task", key, "run_requested");
        }, ct);
        runner.Wake();
        return true;
    }
}
