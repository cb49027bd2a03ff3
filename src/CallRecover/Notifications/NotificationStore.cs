using CallRecover.Data;
using Dapper;

namespace CallRecover.Notifications;

/// <summary>Stored notifications, always scoped by business.</summary>
public sealed class NotificationStore(Db db, TimeProvider clock)
{
    public const string Columns = "id, business_id, user_id, event, title, body, data, urgent, channels, read_at, created_at";

    public async Task<IReadOnlyList<Notification>> ListAsync(string businessId, bool unreadOnly = false, int limit = 200, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Notification>(
            $"SELECT {Columns} FROM notifications WHERE business_id = @businessId {(unreadOnly ? "AND read_at IS NULL" : "")} ORDER BY created_at DESC, id LIMIT @limit",
            new { businessId, limit })];
    }

    public async Task<int> UnreadCountAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @businessId AND read_at IS NULL", new { businessId });
    }

    public async Task<bool> MarkReadAsync(string businessId, string notificationId, CancellationToken ct = default) =>
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "UPDATE notifications SET read_at = @now WHERE business_id = @businessId AND id = @notificationId AND read_at IS NULL",
            new { businessId, notificationId, now = clock.GetUtcNow() }, tx.Transaction), ct) == 1;

    /// <summary>Marks the newest <paramref name="limit"/> unread notifications read in one statement; returns how many.</summary>
    public async Task<int> MarkAllReadAsync(string businessId, int limit = 1000, CancellationToken ct = default) =>
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            UPDATE notifications SET read_at = @now
            WHERE business_id = @businessId AND read_at IS NULL AND id IN (
                SELECT id FROM notifications WHERE business_id = @businessId AND read_at IS NULL ORDER BY created_at DESC, id LIMIT @limit)
            """, new { businessId, limit, now = clock.GetUtcNow() }, tx.Transaction), ct);
}
