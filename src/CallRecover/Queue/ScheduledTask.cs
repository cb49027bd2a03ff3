namespace CallRecover.Queue;

/// <summary>
/// A periodic job, declared like jellyfin's <c>IScheduledTask</c> but with its runs kept in the database
/// (<c>scheduled_tasks</c>): <see cref="ScheduledTaskRunner"/> claims a due task's row with a lease so that exactly one
/// node runs each run, calls <see cref="RunAsync"/>, records the summary or the error, and makes the next run due
/// <see cref="Interval"/> after this one ended. Register with <c>services.AddScheduledTask&lt;T&gt;()</c>; the operator
/// lists and triggers tasks at <c>/api/admin/scheduled-tasks</c>.
/// </summary>
public interface IScheduledTask
{
    /// <summary>Stable id: the row's key and the operator API's <c>{key}</c> (e.g. <c>quotes.expiry</c>). Never rename it.</summary>
    string Key { get; }

    /// <summary>A short human name for the operator.</summary>
    string Name { get; }

    /// <summary>What one run does, in a sentence.</summary>
    string Description { get; }

    /// <summary>Time from the end of one run to the start of the next (also after a failed run).</summary>
    TimeSpan Interval { get; }

    /// <summary>A task that runs every few seconds (the campaign sender) logs its runs at debug level, not two lines a second.</summary>
    bool Frequent => false;

    /// <summary>
    /// Does one run and returns a short summary of what it did ("3 quotes expired"), or null. Throw to fail the run: the
    /// error is recorded and logged, and the task runs again after <see cref="Interval"/>. Runs are at-least-once (a node
    /// can die mid-run), so a run must be safe to repeat.
    /// </summary>
    Task<string?> RunAsync(CancellationToken ct);
}
