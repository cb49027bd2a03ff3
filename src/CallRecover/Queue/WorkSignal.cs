namespace CallRecover.Queue;

/// <summary>Wakes the worker when new work commits in this process, so a text-back does not wait for the next poll.</summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        // Saturating: one pending wake-up is enough, the worker claims everything due.
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    /// <summary>
    /// Wakes the worker when an item this process put back comes due (a text held for the next second of the send
    /// budget), instead of at the next poll: a poll up to <c>Queue:PollInterval</c> later would leave that second's
    /// room unused. Only for short waits; anything later is found by the poll.
    /// </summary>
    public void NotifyAfter(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero) { Notify(); return; }
        if (delay > MaxTimedWake) return;
        _ = Task.Delay(delay).ContinueWith(_ => Notify(), TaskScheduler.Default);
    }

    /// <summary>The longest wait <see cref="NotifyAfter"/> keeps a timer for.</summary>
    public static readonly TimeSpan MaxTimedWake = TimeSpan.FromSeconds(5);
}
