using System.Text.Json.Serialization;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Webhooks;

public static class SubscriptionStatuses
{
    public const string Active = "active", Disabled = "disabled", Removed = "removed";
}

public static class DeliveryStatuses
{
    public const string Pending = "pending", Delivered = "delivered", Failed = "failed";
}

/// <summary>A business's webhook subscription as its owner sees it (never the secrets).</summary>
public sealed record WebhookSubscription
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string Url { get; init; } = "";
    [JsonIgnore] public string Events { get; init; } = "";
    [JsonIgnore] public string Secret { get; init; } = "";
    [JsonIgnore] public string? PreviousSecret { get; init; }
    [JsonIgnore] public DateTimeOffset? PreviousUntil { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset? FailingSince { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("events")] public IReadOnlyList<string> EventList => Events.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

public sealed record WebhookDelivery
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string SubscriptionId { get; init; } = "";
    public string EventId { get; init; } = "";
    public string EventType { get; init; } = "";
    public string ResourceId { get; init; } = "";
    public string Body { get; init; } = "";
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
}

/// <summary>Webhook subscriptions and their deliveries, always scoped by business: the only writer of both tables.</summary>
public sealed class WebhookStore(Db db)
{
    private const string Columns = "id, business_id, url, events, secret, previous_secret, previous_until, status, failing_since, created_at, updated_at";
    private const string DeliveryColumns = """
        id, business_id, subscription_id, event_id, event_type, resource_id, body, status, attempts, last_status_code, last_error, created_at, updated_at, delivered_at
        """;

    // ---- subscriptions ----

    public Task InsertAsync(DbTx tx, WebhookSubscription s) =>
        tx.Connection.ExecuteAsync($"""
            INSERT INTO webhook_subscriptions ({Columns})
            VALUES (@Id, @BusinessId, @Url, @Events, @Secret, NULL, NULL, @Status, NULL, @CreatedAt, @UpdatedAt)
            """, s, tx.Transaction);

    public async Task<WebhookSubscription?> GetAsync(string businessId, string subscriptionId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<WebhookSubscription>(
            $"SELECT {Columns} FROM webhook_subscriptions WHERE business_id = @businessId AND id = @subscriptionId AND status <> 'removed'", new { businessId, subscriptionId });
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<WebhookSubscription>(
            $"SELECT {Columns} FROM webhook_subscriptions WHERE business_id = @businessId AND status <> 'removed' ORDER BY created_at, id", new { businessId })];
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ActiveAsync(DbTx tx, string businessId) =>
        [.. await tx.Connection.QueryAsync<WebhookSubscription>(
            $"SELECT {Columns} FROM webhook_subscriptions WHERE business_id = @businessId AND status = 'active' ORDER BY created_at, id", new { businessId }, tx.Transaction)];

    /// <summary>A new secret; the previous one keeps signing (as a second <c>v1</c>) until <paramref name="previousUntil"/>.</summary>
    public async Task<bool> RotateSecretAsync(DbTx tx, string businessId, string subscriptionId, string secret, DateTimeOffset previousUntil, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE webhook_subscriptions SET previous_secret = secret, previous_until = @previousUntil, secret = @secret, updated_at = @now
            WHERE business_id = @businessId AND id = @subscriptionId AND status <> 'removed'
            """, new { businessId, subscriptionId, secret, previousUntil, now }, tx.Transaction) == 1;

    public async Task<bool> SetStatusAsync(DbTx tx, string businessId, string subscriptionId, string status, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE webhook_subscriptions SET status = @status, failing_since = NULL, updated_at = @now
            WHERE business_id = @businessId AND id = @subscriptionId AND status <> 'removed' AND status <> @status
            """, new { businessId, subscriptionId, status, now }, tx.Transaction) == 1;

    /// <summary>Records that sending to the subscription failed; answers since when it has been failing.</summary>
    public async Task<DateTimeOffset> MarkFailingAsync(DbTx tx, string businessId, string subscriptionId, DateTimeOffset now)
    {
        await tx.Connection.ExecuteAsync("""
            UPDATE webhook_subscriptions SET failing_since = @now, updated_at = @now
            WHERE business_id = @businessId AND id = @subscriptionId AND failing_since IS NULL
            """, new { businessId, subscriptionId, now }, tx.Transaction);
        return await tx.Connection.ExecuteScalarAsync<DateTimeOffset?>("SELECT failing_since FROM webhook_subscriptions WHERE business_id = @businessId AND id = @subscriptionId",
            new { businessId, subscriptionId }, tx.Transaction) ?? now;
    }

    public Task MarkHealthyAsync(DbTx tx, string businessId, string subscriptionId, DateTimeOffset now) =>
        tx.Connection.ExecuteAsync("""
            UPDATE webhook_subscriptions SET failing_since = NULL, updated_at = @now
            WHERE business_id = @businessId AND id = @subscriptionId AND failing_since IS NOT NULL
            """, new { businessId, subscriptionId, now }, tx.Transaction);

    // ---- deliveries ----

    public Task InsertDeliveryAsync(DbTx tx, WebhookDelivery d) =>
        tx.Connection.ExecuteAsync($"""
            INSERT INTO webhook_deliveries ({DeliveryColumns})
            VALUES (@Id, @BusinessId, @SubscriptionId, @EventId, @EventType, @ResourceId, @Body, @Status, 0, NULL, NULL, @CreatedAt, @UpdatedAt, NULL)
            """, d, tx.Transaction);

    public async Task<WebhookDelivery?> GetDeliveryAsync(string businessId, string deliveryId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<WebhookDelivery>(
            $"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE business_id = @businessId AND id = @deliveryId", new { businessId, deliveryId });
    }

    /// <summary>The subscription's deliveries, newest first.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(string businessId, string subscriptionId, int limit = 100, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<WebhookDelivery>($"""
            SELECT {DeliveryColumns} FROM webhook_deliveries WHERE business_id = @businessId AND subscription_id = @subscriptionId
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """, new { businessId, subscriptionId, limit })];
    }

    public Task RecordAttemptAsync(DbTx tx, string businessId, string deliveryId, string status, int? statusCode, string? error, DateTimeOffset now) =>
        tx.Connection.ExecuteAsync("""
            UPDATE webhook_deliveries SET attempts = attempts + 1, status = @status, last_status_code = @statusCode, last_error = @error, updated_at = @now,
                delivered_at = CASE WHEN @status = 'delivered' THEN @now ELSE delivered_at END
            WHERE business_id = @businessId AND id = @deliveryId
            """, new { businessId, deliveryId, status, statusCode, error, now }, tx.Transaction);

    /// <summary>Gives up on every delivery still pending for a subscription (it was disabled or removed).</summary>
    public Task FailPendingAsync(DbTx tx, string businessId, string subscriptionId, string error, DateTimeOffset now) =>
        tx.Connection.ExecuteAsync("""
            UPDATE webhook_deliveries SET status = 'failed', last_error = @error, updated_at = @now
            WHERE business_id = @businessId AND subscription_id = @subscriptionId AND status = 'pending'
            """, new { businessId, subscriptionId, error, now }, tx.Transaction);
}
