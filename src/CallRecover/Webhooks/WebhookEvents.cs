using System.Text.Json;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Queue;

namespace CallRecover.Webhooks;

/// <summary>The events a business can subscribe to. A new event is a constant here and one <see cref="WebhookEvents.RaiseAsync"/> where it happens.</summary>
public static class WebhookEventTypes
{
    public const string CallMissed = "call.missed", LeadQualified = "lead.qualified", AppointmentBooked = "appointment.booked",
        QuoteApproved = "quote.approved", JobStageChanged = "job.stage_changed", InvoicePaid = "invoice.paid", MessageReceived = "message.received";

    public static readonly IReadOnlyList<string> All = [CallMissed, LeadQualified, AppointmentBooked, QuoteApproved, JobStageChanged, InvoicePaid, MessageReceived];
}

/// <summary>
/// A capability above Webhooks that acts on the same events inside the transaction of the change (the CRM sync queues its
/// push there), whether or not the business has a subscription. Implementations only queue work: no I/O in the transaction.
/// </summary>
public interface IWebhookEventObserver
{
    Task OnEventAsync(DbTx tx, string businessId, string type, string resourceId, object data);
}

/// <summary>
/// The outbox: a capability raises an event inside the transaction of the change, and each active subscription to it gets
/// a delivery row and a queued work item in that same transaction (a rolled-back change sends nothing; a committed one
/// is sent at least once). Items are ordered per subscription and resource, so a lead's events arrive in order.
/// </summary>
public sealed class WebhookEvents(WebhookStore store, WorkQueue queue, TimeProvider clock, IEnumerable<IWebhookEventObserver> observers)
{
    public const string DeliverKind = "webhook.deliver";
    /// <summary>Enough attempts for a day of retries at the queue's backoff; the sender disables a subscription failing for a day.</summary>
    public const int MaxAttempts = 200;

    public sealed record DeliverPayload(string DeliveryId);

    public async Task RaiseAsync(DbTx tx, string businessId, string type, string resourceId, object data)
    {
        foreach (var observer in observers) await observer.OnEventAsync(tx, businessId, type, resourceId, data);
        var subscriptions = (await store.ActiveAsync(tx, businessId)).Where(s => s.EventList.Contains(type)).ToList();
        if (subscriptions.Count == 0) return;
        var now = clock.GetUtcNow();
        var eventId = Ids.New();
        var body = JsonSerializer.Serialize(new { id = eventId, type, createdAt = now, data }, Json.Options);
        foreach (var s in subscriptions)
            await QueueAsync(tx, new WebhookDelivery
            {
                Id = Ids.New(), BusinessId = businessId, SubscriptionId = s.Id, EventId = eventId, EventType = type, ResourceId = resourceId, Body = body,
                Status = DeliveryStatuses.Pending, CreatedAt = now, UpdatedAt = now,
            });
    }

    /// <summary>Stores a delivery and queues its sending (also a resend: a new delivery of the same event and body).</summary>
    public async Task QueueAsync(DbTx tx, WebhookDelivery delivery)
    {
        await store.InsertDeliveryAsync(tx, delivery);
        await queue.EnqueueAsync(tx, new NewWork(DeliverKind, new DeliverPayload(delivery.Id), delivery.BusinessId,
            OrderingKey: $"webhook:{delivery.SubscriptionId}:{delivery.ResourceId}", DedupeKey: $"webhook:{delivery.Id}", MaxAttempts: MaxAttempts));
    }
}
