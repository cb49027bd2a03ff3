using System.Collections.Concurrent;

namespace CallRecover.Dashboard.Auth;

/// <summary>
/// Fixed-window limits on sign-in link requests, per email and per client IP. Applied whether or not the email
/// belongs to anyone, so the answer never tells an attacker which addresses exist. In memory per node: a
/// second node doubles the allowance, which still bounds abuse; the per-user cap in the database is global.
/// </summary>
public sealed class SignInRateLimiter(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new();

    public bool TryAcquire(string key, int limit, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        if (_windows.Count > 10_000) Sweep(now);
        while (true)
        {
            var current = _windows.GetOrAdd(key, _ => new Window(now + window, 0));
            var next = current.ResetAt <= now ? new Window(now + window, 1) : current with { Count = current.Count + 1 };
            if (next.Count > limit) return false;
            if (_windows.TryUpdate(key, next, current)) return true;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, w) in _windows)
            if (w.ResetAt <= now) _windows.TryRemove(key, out _);
    }

    private sealed record Window(DateTimeOffset ResetAt, int Count);
}
