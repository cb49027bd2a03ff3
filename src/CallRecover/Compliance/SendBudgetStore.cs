using CallRecover.Data;
using Dapper;

namespace CallRecover.Compliance;

/// <summary>A business's send budget: texts handed to the carrier per second and per day, per sending number.</summary>
public sealed record SendLimits
{
    public int PerSecond { get; init; }
    public int PerDay { get; init; }
}

/// <summary>
/// The send budgets (<c>send_budgets</c>) and the counters every node takes from (<c>send_counters</c>). A counter is
/// one row per business, sending number and period; taking from it is one conditional upsert, so two nodes (and two
/// workers on one node) can never both take the last slot: on PostgreSQL the upsert locks the row until the sending
/// transaction commits, on SQLite the one writer runs the transactions one after another.
/// </summary>
public sealed class SendBudgetStore(Db db, TimeProvider clock)
{
    public const string Second = "second", Day = "day";

    /// <summary>The business's own limits, or null when it uses the defaults.</summary>
    public async Task<SendLimits?> GetAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<SendLimits>(
            "SELECT per_second, per_day FROM send_budgets WHERE business_id = @businessId", new { businessId });
    }

    public Task<SendLimits?> GetAsync(DbTx tx, string businessId) =>
        tx.Connection.QuerySingleOrDefaultAsync<SendLimits>(
            "SELECT per_second, per_day FROM send_budgets WHERE business_id = @businessId", new { businessId }, tx.Transaction);

    public Task SetAsync(DbTx tx, string businessId, SendLimits limits) =>
        tx.Connection.ExecuteAsync("""
            INSERT INTO send_budgets (business_id, per_second, per_day, updated_at) VALUES (@businessId, @PerSecond, @PerDay, @now)
            ON CONFLICT (business_id) DO UPDATE SET per_second = excluded.per_second, per_day = excluded.per_day, updated_at = excluded.updated_at
            """, new { businessId, limits.PerSecond, limits.PerDay, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>
    /// Counts one text in the window starting at <paramref name="windowStart"/> when fewer than <paramref name="limit"/>
    /// were counted in it (a newer window starts again at one). False, counting nothing, when the window is full.
    /// A row whose window is newer than ours (a node whose clock lags) is taken as the current window.
    /// </summary>
    public async Task<bool> TryCountAsync(DbTx tx, string businessId, string fromPhone, string period, DateTimeOffset windowStart, int limit) =>
        await tx.Connection.ExecuteScalarAsync<long?>("""
            INSERT INTO send_counters (business_id, from_phone, period, window_start, sent) VALUES (@businessId, @fromPhone, @period, @windowStart, 1)
            ON CONFLICT (business_id, from_phone, period) DO UPDATE SET
                sent = CASE WHEN send_counters.window_start < excluded.window_start THEN 1 ELSE send_counters.sent + 1 END,
                window_start = CASE WHEN send_counters.window_start < excluded.window_start THEN excluded.window_start ELSE send_counters.window_start END
            WHERE send_counters.window_start < excluded.window_start OR send_counters.sent < @limit
            RETURNING sent
            """, new { businessId, fromPhone, period, windowStart, limit }, tx.Transaction) is not null;

    /// <summary>Gives back a text counted in this transaction that will not go after all.</summary>
    public Task UncountAsync(DbTx tx, string businessId, string fromPhone, string period, DateTimeOffset windowStart) =>
        tx.Connection.ExecuteAsync("""
            UPDATE send_counters SET sent = sent - 1
            WHERE business_id = @businessId AND from_phone = @fromPhone AND period = @period AND window_start = @windowStart AND sent > 0
            """, new { businessId, fromPhone, period, windowStart }, tx.Transaction);

    /// <summary>What was counted in the current windows (for the operator): null for a window that has passed.</summary>
    public async Task<IReadOnlyList<SendCounter>> CountersAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<SendCounter>(
            "SELECT from_phone, period, window_start, sent FROM send_counters WHERE business_id = @businessId ORDER BY from_phone, period", new { businessId })];
    }

    /// <summary>
    /// Whether a text of one of <paramref name="purposes"/> from this number is queued and due (not held for later):
    /// a less urgent text then leaves the slot to it. Texts older than a day are left out (a text stuck that long must
    /// not starve everything behind it).
    /// </summary>
    public async Task<bool> MoreUrgentWaitingAsync(DbTx tx, string businessId, string fromPhone, IReadOnlyCollection<string> purposes, DateTimeOffset now) =>
        purposes.Count > 0 && await tx.Connection.ExecuteScalarAsync<long>($"""
            SELECT COUNT(*) FROM (SELECT 1 AS x FROM messages
              WHERE business_id = @businessId AND from_phone = @fromPhone AND status = 'queued' AND direction = 'outbound'
                AND purpose {db.Dialect.InList("purposes")} AND (send_after IS NULL OR send_after <= @now) AND created_at >= @since
              LIMIT 1) AS t
            """, new { businessId, fromPhone, purposes = purposes.ToArray(), now, since = now.AddDays(-1) }, tx.Transaction) > 0;
}

public sealed record SendCounter
{
    public string FromPhone { get; init; } = "";
    public string Period { get; init; } = "";
    public DateTimeOffset WindowStart { get; init; }
    public long Sent { get; init; }
}
