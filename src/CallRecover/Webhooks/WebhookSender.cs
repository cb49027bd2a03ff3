using System.Text;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Notifications;
using CallRecover.Queue;
using Microsoft.Extensions.Options;

namespace CallRecover.Webhooks;

/// <summary>
/// Sends one delivery: signs the stored body, posts it through the guarded client (public addresses only unless
/// <c>Outbound:AllowPrivateTargets</c>), and records the answer. A non-2xx answer or no answer is retried by the queue with
/// backoff; a subscription that has been failing for a day is disabled, its pending deliveries given up, and the owner told.
/// </summary>
public sealed class WebhookSender(Db db, WebhookStore store, WebhookSecrets secrets, IHttpClientFactory http, Notifier notifier, TimeProvider clock,
    ILogger<WebhookSender> log) : IWorkHandler
{
    public const string ClientName = "webhooks";
    public static readonly TimeSpan DisableAfter = TimeSpan.FromDays(1);

    public string Kind => WebhookEvents.DeliverKind;

    public static void AddHttpClient(IServiceCollection services) =>
        services.AddHttpClient(ClientName, c => c.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(sp => OutboundTargets.GuardedHandler(sp.GetRequiredService<IOptions<OutboundOptions>>().Value.AllowPrivateTargets));

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<WebhookEvents.DeliverPayload>();
        var businessId = item.BusinessId ?? throw new PermanentWorkFailure("A webhook delivery without a business.");
        var delivery = await store.GetDeliveryAsync(businessId, p.DeliveryId, ct) ?? throw new PermanentWorkFailure("Delivery not found.");
        if (delivery.Status != DeliveryStatuses.Pending) return; // delivered already (a repeated run) or given up
        var subscription = await store.GetAsync(businessId, delivery.SubscriptionId, ct);
        if (subscription is null || subscription.Status != SubscriptionStatuses.Active)
        {
            await db.WriteAsync(tx => store.RecordAttemptAsync(tx, businessId, delivery.Id, DeliveryStatuses.Failed, null, "The subscription is not active.", clock.GetUtcNow()), ct);
            return;
        }
        var now = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(now.ToUnixTimeSeconds(), delivery.Body, secrets.SigningSecrets(subscription, now)));
        request.Headers.TryAddWithoutValidation("X-CallRecover-Event", delivery.EventType);
        request.Headers.TryAddWithoutValidation("X-CallRecover-Delivery", delivery.Id);
        int? code = null;
        string? error;
        try
        {
            using var response = await http.CreateClient(ClientName).SendAsync(request, ct);
            code = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"HTTP {code}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            error = ex is TaskCanceledException ? "Timed out." : ex.Message;
        }
        if (error is null)
        {
            await db.WriteAsync(async tx =>
            {
                await store.RecordAttemptAsync(tx, businessId, delivery.Id, DeliveryStatuses.Delivered, code, null, now);
                await store.MarkHealthyAsync(tx, businessId, subscription.Id, now);
            }, ct);
            return;
        }
        log.LogWarning("Webhook delivery {DeliveryId} ({Event}) failed: {Error}", delivery.Id, delivery.EventType, error);
        var disabled = await db.WriteAsync(async tx =>
        {
            var since = await store.MarkFailingAsync(tx, businessId, subscription.Id, now);
            if (now - since < DisableAfter)
            {
                await store.RecordAttemptAsync(tx, businessId, delivery.Id, DeliveryStatuses.Pending, code, error, now);
                return false;
            }
            await store.RecordAttemptAsync(tx, businessId, delivery.Id, DeliveryStatuses.Failed, code, error, now);
            if (await store.SetStatusAsync(tx, businessId, subscription.Id, SubscriptionStatuses.Disabled, now))
            {
                await store.FailPendingAsync(tx, businessId, subscription.Id, "The subscription was disabled after failing for a day.", now);
                await notifier.NotifyAsync(tx, businessId, new OwnerNotice("webhook_disabled", "A webhook was turned off",
                    $"Sending events to {subscription.Url} has failed for a day ({error}), so it was turned off. Fix the receiver, then turn it on again in Settings → Webhooks.",
                    new { subscriptionId = subscription.Id }));
            }
            return true;
        }, ct);
        if (disabled) throw new PermanentWorkFailure($"Webhook subscription disabled: {error}");
        throw new InvalidOperationException($"Webhook delivery failed: {error}");
    }
}
