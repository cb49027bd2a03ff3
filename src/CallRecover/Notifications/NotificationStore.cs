using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Notifications;

/// <summary>Stored notifications, always scoped by business.</summary>
public sealed class NotificationStore(Db db, TimeProvider clock) : CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Erasure: the owner's notifications about their leads and conversations keep their kind and time, not their text.</summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s)
    {
        var rows = 0;
        foreach (var id in s.LeadIds.Concat(s.ConversationIds).Concat(s.CustomerIds))
            rows += await tx.Connection.ExecuteAsync($"""
                UPDATE notifications SET title = '{CallRecover.Customers.ErasureSubject.ErasedText}', body = '{CallRecover.Customers.ErasureSubject.ErasedText}', data = @empty
                WHERE business_id = @b AND data LIKE @like
                """, new { b = s.BusinessId, empty = "{}", like = "%\"" + id + "\"%" }, tx.Transaction);
        return [new("notifications", rows)];
    }

    public const string Columns = "id, business_id, user_id, event, title, body, data, urgent, channels, read_at, created_at";

    public Task InsertAsync(DbTx tx, Notification n) =>
        tx.Connection.ExecuteAsync($"""
            INSERT INTO notifications ({Columns})
            VALUES (@Id, @BusinessId, @UserId, @Event, @Title, @Body, @Data, @Urgent, @Channels, @ReadAt, @CreatedAt)
            """, n, tx.Transaction);

    public async Task<Notification?> GetAsync(string businessId, string notificationId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Notification>(
            $"SELECT {Columns} FROM notifications WHERE business_id = @businessId AND id = @notificationId", new { businessId, notificationId });
    }

    /// <summary>Whether the owner was already told <paramref name="ev"/> about this entity (its id in the event data) since <paramref name="since"/>.</summary>
    public async Task<bool> SentSinceAsync(DbTx tx, string businessId, string ev, string entityId, DateTimeOffset since) =>
        await tx.Connection.ExecuteScalarAsync<int>("""
            SELECT COUNT(*) FROM notifications WHERE business_id = @businessId AND event = @ev AND created_at >= @since AND data LIKE @like
            """, new { businessId, ev, since, like = $"%{entityId}%" }, tx.Transaction) > 0;

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

    /// <summary>
    /// Reads a notification's channel results (channel → result) with its row locked first: the channels of one
    /// notification finish at the same time, and a plain read-modify-write would let one channel's result
    /// overwrite another's (PostgreSQL, read committed). Write the map back with <see cref="SaveChannelsAsync"/>.
    /// </summary>
    public static async Task<Dictionary<string, string>> LockChannelsAsync(DbTx tx, string businessId, string notificationId)
    {
        var args = new { businessId, notificationId };
        await tx.Connection.ExecuteAsync("UPDATE notifications SET channels = channels WHERE business_id = @businessId AND id = @notificationId", args, tx.Transaction);
        var channels = await tx.Connection.ExecuteScalarAsync<string>(
            "SELECT channels FROM notifications WHERE business_id = @businessId AND id = @notificationId", args, tx.Transaction) ?? "{}";
        return Json.Deserialize<Dictionary<string, string>>(channels);
    }

    public static Task SaveChannelsAsync(DbTx tx, string businessId, string notificationId, Dictionary<string, string> channels) =>
        tx.Connection.ExecuteAsync("UPDATE notifications SET channels = @channels WHERE business_id = @businessId AND id = @notificationId",
            new { channels = Json.Serialize(channels), businessId, notificationId }, tx.Transaction);
}
