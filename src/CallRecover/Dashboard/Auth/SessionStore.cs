using CallRecover.Data;
using Dapper;

namespace CallRecover.Dashboard.Auth;

/// <summary>
/// Sessions ended by signing out (this store is the only writer of <c>ended_sessions</c>). A sign-in cookie names its
/// session (<see cref="DashboardUser.SessionClaim"/>); once ended, the cookie is refused even though its signature and
/// expiry are still good.
/// </summary>
public sealed class SessionStore(Db db, TimeProvider clock)
{
    /// <summary>Ends the session until <paramref name="lifetime"/> from now (the longest a sliding cookie could still live); drops rows past their time.</summary>
    public async Task EndAsync(string sessionId, string userId, TimeSpan lifetime, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await db.WriteAsync(async tx =>
        {
            await tx.Connection.ExecuteAsync("DELETE FROM ended_sessions WHERE expires_at < @now", new { now }, tx.Transaction);
            await tx.Connection.ExecuteAsync("""
                INSERT INTO ended_sessions (session_id, user_id, ended_at, expires_at) VALUES (@sessionId, @userId, @now, @expires)
                ON CONFLICT (session_id) DO NOTHING
                """, new { sessionId, userId, now, expires = now + lifetime }, tx.Transaction);
        }, ct);
    }

    public async Task<bool> IsEndedAsync(string sessionId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM ended_sessions WHERE session_id = @sessionId", new { sessionId }) > 0;
    }
}
