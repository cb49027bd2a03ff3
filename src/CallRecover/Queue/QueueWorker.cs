using System.Collections.Concurrent;
using System.Diagnostics;
using CallRecover.Common;
using Microsoft.Extensions.Options;

namespace CallRecover.Queue;

/// <summary>
/// The one claimer of this process: claims due items (up to the free concurrency), runs each with its
/// handler, and records done / retry / dead. Items keep their lease while they run.
/// </summary>
public sealed class QueueWorker(
    WorkQueue queue,
    WorkSignal signal,
    IEnumerable<IWorkHandler> handlers,
    QueueNode node,
    IOptions<QueueOptions> options,
    WorkerHealth health,
    ILogger<QueueWorker> logger) : BackgroundService
{
    private readonly QueueOptions _o = options.Value;
    private readonly Dictionary<string, IWorkHandler> _handlers = handlers.ToDictionary(h => h.Kind);
    private readonly ConcurrentDictionary<long, Task> _running = new();

    public string Node => node.Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Work queue worker {Node} started with {Count} handlers", Node, _handlers.Count);
        await JoinAsync(stoppingToken);
        using var leaseTimer = new PeriodicTimer(_o.Lease / 3);
        _ = RenewLeasesAsync(leaseTimer, stoppingToken);
        using var heartbeatTimer = new PeriodicTimer(_o.Heartbeat);
        _ = BeatAsync(heartbeatTimer, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            health.Beat();
            var claimed = 0;
            try
            {
                var free = _o.Concurrency - _running.Count;
                if (free > 0)
                {
                    var items = await queue.ClaimAsync(Node, free, stoppingToken);
                    claimed = items.Count;
                    foreach (var item in items)
                    {
                        // Register before starting so a fast item cannot finish (and unregister) first.
                        _running[item.Id] = Task.CompletedTask;
                        _running.TryUpdate(item.Id, RunAsync(item, stoppingToken), Task.CompletedTask);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                logger.LogError(ex, "Claiming work failed; retrying after the poll interval");
            }
            // Claimed a full batch: there may be more due right now.
            if (claimed > 0 && _running.Count < _o.Concurrency) continue;
            try { await signal.WaitAsync(_o.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        await Task.WhenAll(_running.Values);
        await LeaveAsync();
    }

    /// <summary>
    /// Beats once before the first claim. Under a configured name, what that name still holds is a crashed predecessor's
    /// (the name is unique among running processes), so it is released for rerunning now rather than after its lease;
    /// a made-up name holds nothing yet, and the release only forgets long-silent nodes.
    /// </summary>
    private async Task JoinAsync(CancellationToken ct)
    {
        try
        {
            if (await queue.ReleaseNodeAsync(Node, ct) is > 0 and var n)
                logger.LogWarning("Node {Node} restarted: {Count} item(s) its previous run held are claimable again", Node, n);
            await queue.BeatAsync(Node, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Joining the work queue failed; claims of a previous run wait for their lease"); }
    }

    /// <summary>
    /// After every handler ended: items still held were cancelled mid-run. Put them back in line and drop the heartbeat,
    /// so that a restart or another node reruns them now, not after their lease.
    /// </summary>
    private async Task LeaveAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var released = await queue.ReleaseNodeAsync(Node, cts.Token);
            if (released > 0) logger.LogInformation("Work queue worker {Node} stopped; {Count} interrupted item(s) put back in line", Node, released);
        }
        catch (Exception ex) { logger.LogWarning(ex, "Releasing the claims of {Node} at stop failed; they wait for their node timeout", Node); }
    }

    private async Task BeatAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await queue.BeatAsync(Node, ct); }
                catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Queue heartbeat of {Node} failed", Node); }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task RunAsync(WorkItem item, CancellationToken ct)
    {
        await Task.Yield();
        // In the trace of whatever queued it (the webhook's request): the handler's database and carrier calls nest under it.
        using var activity = Telemetry.StartWork(item.Kind, item.TraceParent, item.Id, item.Attempts);
        try
        {
            if (!_handlers.TryGetValue(item.Kind, out var handler))
            {
                await queue.FailAsync(Node, item, $"No handler for work kind '{item.Kind}'.", permanent: true, ct: ct);
                return;
            }
            if (item.Attempts > item.MaxAttempts)
            {
                // Claimed again after a node died mid-run on its last attempt.
                await queue.FailAsync(Node, item, "Lease expired on the final attempt.", permanent: true, ct: ct);
                return;
            }
            try
            {
                await handler.HandleAsync(item, ct);
                await queue.CompleteAsync(Node, item.Id, CancellationToken.None);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Shutting down: leave the lease to expire so another node (or our restart) reruns it.
            }
            catch (PermanentWorkFailure ex)
            {
                activity?.SetStatus(ActivityStatusCode.Error, nameof(PermanentWorkFailure));
                logger.LogWarning("Work {Kind} #{Id} failed permanently: {Error}", item.Kind, item.Id, ex.Message);
                await queue.FailAsync(Node, item, ex.Message, permanent: true, ct: CancellationToken.None);
            }
            catch (RetryWorkLater ex)
            {
                await queue.FailAsync(Node, item, ex.Message, permanent: false, ex.Delay, CancellationToken.None, hold: ex.Hold);
                if (ex.Hold) signal.NotifyAfter(ex.Delay);
            }
            catch (Exception ex)
            {
                // The type only: exception messages may quote what a carrier said.
                activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                logger.LogWarning("Work {Kind} #{Id} attempt {Attempt}/{Max} failed: {Error}", item.Kind, item.Id, item.Attempts, item.MaxAttempts, ex.Message);
                await queue.FailAsync(Node, item, $"{ex.GetType().Name}: {ex.Message}", permanent: false, ct: CancellationToken.None);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Recording the outcome of work #{Id} failed; its lease will expire and it will run again", item.Id);
        }
        finally
        {
            _running.TryRemove(item.Id, out _);
            signal.Notify();
        }
    }

    private async Task RenewLeasesAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await queue.ExtendLeaseAsync(Node, [.. _running.Keys], ct); }
                catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Renewing leases failed"); }
            }
        }
        catch (OperationCanceledException) { }
    }
}

/// <summary>This process's name in <c>locked_by</c> and <c>queue_nodes</c> (one per host, shared by the queue worker and the scheduled task runner).</summary>
public sealed class QueueNode(IOptions<QueueOptions> options)
{
    public string Name { get; } = options.Value.NodeName ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
}

/// <summary>Heartbeat of the worker loop, for /health/ready.</summary>
public sealed class WorkerHealth(TimeProvider clock)
{
    private long _lastBeatTicks;
    public void Beat() => Interlocked.Exchange(ref _lastBeatTicks, clock.GetUtcNow().UtcTicks);
    public DateTimeOffset? LastBeat => Interlocked.Read(ref _lastBeatTicks) is var t && t == 0 ? null : new DateTimeOffset(t, TimeSpan.Zero);
}
