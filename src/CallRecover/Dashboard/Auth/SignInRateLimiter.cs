using System.Security.Cryptography;
using System.Text;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Dashboard.Auth;

/// <summary>
/// Sliding-window limits on sign-in link requests, per email and per client IP. Applied whether or not the email
/// belongs to anyone, so the answer never tells an attacker which addresses exist. Counted in the database
/// (hashed keys only), so the limits hold however many nodes share it; on PostgreSQL a transaction-scoped
/// advisory lock per key keeps two nodes from both taking the last request.
/// </summary>
public sealed class SignInRateLimiter(Db db, TimeProvider clock)
{
    /// <summary>True and counted when <paramref name="key"/> has made fewer than <paramref name="limit"/> requests in the window.</summary>
    public async Task<bool> TryAcquireAsync(string key, int limit, TimeSpan window, CancellationToken ct = default)
    {
        var keyHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var now = clock.GetUtcNow();
        return await db.WriteAsync(async tx =>
        {
            await tx.LockAsync("signin:" + keyHash);
            // Requests older than any window are useless; dropping them here keeps the table small without a job.
            await tx.Connection.ExecuteAsync("DELETE FROM sign_in_requests WHERE created_at < @cutoff",
                new { cutoff = now - window - TimeSpan.FromHours(1) }, tx.Transaction);
            var recent = await tx.Connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM sign_in_requests WHERE key_hash = @keyHash AND created_at > @since",
                new { keyHash, since = now - window }, tx.Transaction);
            if (recent >= limit) return false;
            await tx.Connection.ExecuteAsync("INSERT INTO sign_in_requests (id, key_hash, created_at) VALUES (@id, @keyHash, @now)",
                new { id = Ids.New(), keyHash, now }, tx.Transaction);
            return true;
        }, ct);
    }
}
