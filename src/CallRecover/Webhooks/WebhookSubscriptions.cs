using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;
using Microsoft.Extensions.Options;

namespace CallRecover.Webhooks;

/// <summary>A subscription as created or rotated: <c>secret</c> is shown this once.</summary>
public sealed record SubscriptionWithSecret(string Id, string Url, IReadOnlyList<string> Events, string Status, string Secret);

/// <summary>What the owner (settings), the operator API and a business's own API token do with webhooks; each call is audited.</summary>
public sealed class WebhookSubscriptions(Db db, WebhookStore store, WebhookEvents events, WebhookSecrets secrets, AuditLog audit, IOptions<OutboundOptions> outbound,
    TimeProvider clock)
{
    /// <summary>How long the previous secret still signs after a rotation.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    public sealed record Input(string? Url, IReadOnlyList<string>? Events);

    public sealed record Result(SubscriptionWithSecret? Value, Dictionary<string, string[]> Errors);

    public async Task<Dictionary<string, string[]>> ValidateAsync(Input input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (await OutboundTargets.CheckAsync(input.Url, outbound.Value.AllowPrivateTargets, ct) is { } bad) errors["url"] = [bad];
        if (input.Events is not { Count: > 0 } list || list.Any(e => !WebhookEventTypes.All.Contains(e)))
            errors["events"] = [$"events must list one or more of: {string.Join(", ", WebhookEventTypes.All)}."];
        return errors;
    }

    public async Task<Result> SubscribeAsync(string businessId, Input input, string actor, CancellationToken ct = default)
    {
        var errors = await ValidateAsync(input, ct);
        if (errors.Count > 0) return new(null, errors);
        var now = clock.GetUtcNow();
        var secret = WebhookSecrets.New();
        var s = new WebhookSubscription
        {
            Id = Ids.New(), BusinessId = businessId, Url = input.Url!.Trim(), Events = string.Join(' ', WebhookEventTypes.All.Where(input.Events!.Contains)),
            Secret = secrets.Protect(secret), Status = SubscriptionStatuses.Active, CreatedAt = now, UpdatedAt = now,
        };
        await db.WriteAsync(async tx =>
        {
            await store.InsertAsync(tx, s);
            await audit.WriteAsync(tx, businessId, actor, "webhook", s.Id, "subscribed", new { s.Url, events = s.EventList });
        }, ct);
        return new(new SubscriptionWithSecret(s.Id, s.Url, s.EventList, s.Status, secret), errors);
    }

    /// <summary>A new secret, returned once; the old one keeps signing for <see cref="RotationOverlap"/>.</summary>
    public async Task<SubscriptionWithSecret?> RotateSecretAsync(string businessId, string subscriptionId, string actor, CancellationToken ct = default)
    {
        var secret = WebhookSecrets.New();
        var now = clock.GetUtcNow();
        var ok = await db.WriteAsync(async tx =>
        {
            if (!await store.RotateSecretAsync(tx, businessId, subscriptionId, secrets.Protect(secret), now + RotationOverlap, now)) return false;
            await audit.WriteAsync(tx, businessId, actor, "webhook", subscriptionId, "secret_rotated");
            return true;
        }, ct);
        if (!ok) return null;
        var s = (await store.GetAsync(businessId, subscriptionId, ct))!;
        return new SubscriptionWithSecret(s.Id, s.Url, s.EventList, s.Status, secret);
    }

    /// <summary>Turns a subscription on or off, or removes it (removed: pending deliveries are given up). False when there is no such subscription.</summary>
    public async Task<bool> SetStatusAsync(string businessId, string subscriptionId, string status, string actor, CancellationToken ct = default)
    {
        if (await store.GetAsync(businessId, subscriptionId, ct) is null) return false;
        await db.WriteAsync(async tx =>
        {
            var now = clock.GetUtcNow();
            if (!await store.SetStatusAsync(tx, businessId, subscriptionId, status, now)) return; // already so
            if (status != SubscriptionStatuses.Active) await store.FailPendingAsync(tx, businessId, subscriptionId, $"The subscription was {status}.", now);
            await audit.WriteAsync(tx, businessId, actor, "webhook", subscriptionId, status);
        }, ct);
        return true;
    }

    /// <summary>Sends a delivery's event again (a new delivery with the same event id and body); null when there is no such delivery.</summary>
    public async Task<WebhookDelivery?> ResendAsync(string businessId, string subscriptionId, string deliveryId, string actor, CancellationToken ct = default)
    {
        var original = await store.GetDeliveryAsync(businessId, deliveryId, ct);
        if (original is null || original.SubscriptionId != subscriptionId || await store.GetAsync(businessId, subscriptionId, ct) is null) return null;
        var now = clock.GetUtcNow();
        var again = original with { Id = Ids.New(), Status = DeliveryStatuses.Pending, Attempts = 0, LastStatusCode = null, LastError = null, CreatedAt = now, UpdatedAt = now, DeliveredAt = null };
        await db.WriteAsync(async tx =>
        {
            await events.QueueAsync(tx, again);
            await audit.WriteAsync(tx, businessId, actor, "webhook", subscriptionId, "resent", new { deliveryId, resendId = again.Id });
        }, ct);
        return again;
    }
}
