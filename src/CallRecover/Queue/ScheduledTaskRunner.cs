using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CallRecover.Queue;

/// <summary>
/// Runs the registered <see cref="IScheduledTask"/>s (only on nodes with <c>Queue:Enabled</c> and
/// <c>Queue:RunScheduledTasks</c>): every poll it reads which tasks are due, claims each with a conditional update
/// (so two nodes never run one run), runs it under a lease it keeps renewing, and records the summary or the error
/// with the next run due an interval after the end. Times come from the injected clock, so tests move them by hand.
/// </summary>
public sealed class ScheduledTaskRunner(
    IEnumerable<IScheduledTask> tasks,
    ScheduledTaskStore store,
    QueueNode node,
    IOptions<QueueOptions> options,
    TimeProvider clock,
    ILogger<ScheduledTaskRunner> log) : BackgroundService
{
    private readonly QueueOptions _o = options.Value;
    private readonly IReadOnlyDictionary<string, IScheduledTask> _tasks = ByKey(tasks);
    private readonly ConcurrentDictionary<string, Task> _running = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private volatile bool _ensured;

    public IReadOnlyCollection<IScheduledTask> Tasks => [.. _tasks.Values.OrderBy(t => t.Key, StringComparer.Ordinal)];

    public IScheduledTask? Find(string key) => _tasks.GetValueOrDefault(key);

    /// <summary>Wakes the loop now (a "run now" asked on this node) instead of at its next poll.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try { _wake.Release(); } catch (SemaphoreFullException) { }
        }
    }

    /// <summary>Claims every due task and runs it to its end here; returns the keys this call ran (tests, and nodes without the loop).</summary>
    public async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken ct = default)
    {
        var claimed = await ClaimDueAsync(ct);
        await Task.WhenAll(claimed.Select(c => RunAsync(c, ct)));
        return [.. claimed.Select(c => c.Key)];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        log.LogInformation("Scheduled task runner {Node} started with {Tasks}", node.Name, string.Join(", ", _tasks.Keys.Order(StringComparer.Ordinal)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var task in await ClaimDueAsync(stoppingToken))
                {
                    // Register before starting so that a quick run cannot finish (and unregister) first.
                    _running[task.Key] = Task.CompletedTask;
                    _running.TryUpdate(task.Key, RunTrackedAsync(task, stoppingToken), Task.CompletedTask);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                log.LogError(ex, "Looking for due scheduled tasks failed; retrying after the poll interval");
            }
            try { await _wake.WaitAsync(_o.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        await Task.WhenAll(_running.Values);
    }

    private async Task RunTrackedAsync(IScheduledTask task, CancellationToken ct)
    {
        await Task.Yield();
        try { await RunAsync(task, ct); }
        finally { _running.TryRemove(task.Key, out _); }
    }

    private async Task<List<IScheduledTask>> ClaimDueAsync(CancellationToken ct)
    {
        if (!_ensured)
        {
            // A new task is due at once, as the ad-hoc workers before this ran once at start.
            await store.EnsureAsync([.. _tasks.Keys], clock.GetUtcNow(), ct);
            _ensured = true;
        }
        var now = clock.GetUtcNow();
        var claimed = new List<IScheduledTask>();
        foreach (var key in await store.DueAsync(node.Name, now, now - _o.NodeTimeout, ct))
        {
            // Unknown keys belong to a task removed from the code (or to a newer version on another node).
            if (!_tasks.TryGetValue(key, out var task) || _running.ContainsKey(key)) continue;
            now = clock.GetUtcNow();
            if (await store.TryClaimAsync(key, node.Name, now, now + _o.Lease, now - _o.NodeTimeout, ct) is not null) claimed.Add(task);
        }
        return claimed;
    }

    /// <summary>Runs one claimed task and records how it went. Never throws: a failed run is recorded and logged.</summary>
    private async Task RunAsync(IScheduledTask task, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = RenewAsync(task.Key, renewing.Token);
        string? result = null, error = null;
        try
        {
            log.Log(task.Frequent ? LogLevel.Debug : LogLevel.Information, "Scheduled task {Key} started on {Node}", task.Key, node.Name);
            result = Trim(await task.RunAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down mid-run: not a failure. Let go so that the next start (or another node) runs it again.
            await renewing.CancelAsync();
            await renewal;
            try { await store.AbandonAsync(task.Key, node.Name, clock.GetUtcNow(), CancellationToken.None); }
            catch (Exception ex) { log.LogWarning(ex, "Letting go of scheduled task {Key} failed; its lease will run out", task.Key); }
            return;
        }
        catch (Exception ex)
        {
            error = Trim($"{ex.GetType().Name}: {ex.Message}");
            log.LogError(ex, "Scheduled task {Key} failed; it runs again in {Interval}", task.Key, task.Interval);
        }
        await renewing.CancelAsync();
        await renewal;
        var finished = clock.GetUtcNow();
        try
        {
            if (!await store.FinishAsync(task.Key, node.Name, finished, result, error, finished + task.Interval, CancellationToken.None))
                log.LogWarning("Scheduled task {Key} finished after its hold was lost; another node's run is the one recorded", task.Key);
            else if (error is null)
                log.Log(task.Frequent ? LogLevel.Debug : LogLevel.Information, "Scheduled task {Key} finished in {Ms} ms: {Result}", task.Key,
                    (long)(finished - started).TotalMilliseconds, result);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Recording the run of scheduled task {Key} failed; it runs again when its lease runs out", task.Key);
        }
    }

    private async Task RenewAsync(string key, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(_o.Lease / 3);
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    if (!await store.ExtendAsync(key, node.Name, clock.GetUtcNow() + _o.Lease, ct))
                        log.LogWarning("Scheduled task {Key} lost its hold while running (lease ran out); another node may run it too", key);
                }
                catch (Exception ex) when (ex is not OperationCanceledException) { log.LogWarning(ex, "Renewing the hold on scheduled task {Key} failed", key); }
            }
        }
        catch (OperationCanceledException) { }
    }

    private static string? Trim(string? s) => s is { Length: > 2000 } ? s[..2000] : s;

    private static Dictionary<string, IScheduledTask> ByKey(IEnumerable<IScheduledTask> tasks)
    {
        var byKey = new Dictionary<string, IScheduledTask>(StringComparer.Ordinal);
        foreach (var t in tasks)
            if (!byKey.TryAdd(t.Key, t))
                throw new InvalidOperationException($"Two scheduled tasks share the key '{t.Key}': {byKey[t.Key].GetType().Name} and {t.GetType().Name}.");
        return byKey;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
