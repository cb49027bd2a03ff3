using CallRecover.Live;
using Microsoft.Extensions.Caching.Memory;

namespace CallRecover.Dashboard.Auth;

/// <summary>
/// Ends a removed user's sessions at once on every node: the sign-in cookie's check caches the user for a minute, so
/// a <see cref="Kind"/> live event (published after the removal commits, carried to other nodes by PostgreSQL NOTIFY)
/// drops the cached entry and the very next request checks the database, which no longer knows the user.
/// </summary>
public sealed class EndedSessions(LiveEvents live, IMemoryCache cache) : IHostedService
{
    public const string Kind = "user_removed";
    /// <summary>A signed-out session: every node drops its cached "still open" answer for it.</summary>
    public const string SessionKind = "session_ended";

    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken ct)
    {
        _subscription = live.Subscribe(null, e =>
        {
            if (e.Kind == Kind && e.EntityId is { } userId) cache.Remove(DashboardModule.UserCacheKey(userId));
            if (e.Kind == SessionKind && e.EntityId is { } sessionId) cache.Remove(DashboardModule.SessionCacheKey(sessionId));
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
