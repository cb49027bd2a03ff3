using CallRecover.Payments;
using Stripe;

namespace CallRecover.Billing;

/// <summary>
/// Stripe's subscription events on the one <c>/webhooks/stripe</c> route (verified there): a subscription checkout
/// completed or <c>invoice.paid</c> → active; <c>invoice.payment_failed</c> → past_due; <c>customer.subscription.updated</c>
/// → the state Stripe reports; <c>customer.subscription.deleted</c> → cancelled (the number is released). Each event id is
/// applied once (<c>subscription_events</c>, in the change's transaction).
/// </summary>
public sealed class StripeSubscriptionEvents(SubscriptionStore store, SubscriptionService service) : IStripeEventHandler
{
    private const string Actor = "stripe";

    public async Task<string?> HandleAsync(Event e, CancellationToken ct)
    {
        var fromEvent = new ProviderEvent(PaymentsOptions.Stripe, e.Id, e.Type);
        switch (e.Data.Object)
        {
            case Stripe.Checkout.Session { Mode: "subscription" } session when e.Type == EventTypes.CheckoutSessionCompleted:
            {
                var businessId = session.ClientReferenceId ?? session.Metadata?.GetValueOrDefault("business_id");
                if (businessId is null) return "unknown_business";
                return Outcome(await service.ActivateAsync(businessId, session.Metadata?.GetValueOrDefault("plan"), Actor, session.CustomerId, session.SubscriptionId,
                    null, null, ct, fromEvent));
            }
            case Stripe.Subscription sub when e.Type is EventTypes.CustomerSubscriptionUpdated or EventTypes.CustomerSubscriptionDeleted:
            {
                if (await BusinessAsync(sub.Metadata?.GetValueOrDefault("business_id"), sub.Id, sub.CustomerId, ct) is not { } businessId) return "unknown_business";
                var state = e.Type == EventTypes.CustomerSubscriptionDeleted ? SubscriptionStates.Cancelled : StateOf(sub.Status);
                if (state is null) return "ignored";
                var item = sub.Items?.Data?.FirstOrDefault();
                var start = item is null ? (DateTimeOffset?)null : new DateTimeOffset(item.CurrentPeriodStart, TimeSpan.Zero);
                var end = item is null ? (DateTimeOffset?)null : new DateTimeOffset(item.CurrentPeriodEnd, TimeSpan.Zero);
                var plan = sub.Metadata?.GetValueOrDefault("plan");
                return Outcome(await service.ChangeAsync(businessId, Actor, e.Type, s => s with
                {
                    State = state, ProviderSubscriptionId = sub.Id, ProviderCustomerId = sub.CustomerId ?? s.ProviderCustomerId,
                    Plan = plan is { Length: > 0 } ? plan : s.Plan,
                    HasPaymentMethod = s.HasPaymentMethod || state == SubscriptionStates.Active,
                    CurrentPeriodStart = start ?? s.CurrentPeriodStart, CurrentPeriodEnd = end ?? s.CurrentPeriodEnd,
                }, ct, cancelAtProvider: false, fromEvent: fromEvent));
            }
            case Stripe.Invoice invoice when e.Type is EventTypes.InvoicePaid or EventTypes.InvoicePaymentFailed:
            {
                var subId = invoice.Parent?.SubscriptionDetails?.SubscriptionId;
                if (subId is null) return null; // not a subscription's invoice
                if (await BusinessAsync(invoice.Parent?.SubscriptionDetails?.Metadata?.GetValueOrDefault("business_id"), subId, invoice.CustomerId, ct)
                    is not { } businessId) return "unknown_business";
                var state = e.Type == EventTypes.InvoicePaid ? SubscriptionStates.Active : SubscriptionStates.PastDue;
                return Outcome(await service.ChangeAsync(businessId, Actor, e.Type, s => s with
                {
                    State = state, ProviderSubscriptionId = subId, HasPaymentMethod = s.HasPaymentMethod || state == SubscriptionStates.Active,
                }, ct, cancelAtProvider: false, fromEvent: fromEvent));
            }
            default:
                return null;
        }
    }

    /// <summary>Stripe's subscription statuses in ours; null for those that change nothing here (incomplete: the checkout is still open).</summary>
    public static string? StateOf(string? status) => status switch
    {
        "active" => SubscriptionStates.Active,
        "trialing" => SubscriptionStates.Trial,
        "past_due" or "unpaid" => SubscriptionStates.PastDue,
        "paused" => SubscriptionStates.Paused,
        "canceled" or "incomplete_expired" => SubscriptionStates.Cancelled,
        _ => null,
    };

    private async Task<string?> BusinessAsync(string? fromMetadata, string? subscriptionId, string? customerId, CancellationToken ct)
    {
        var known = await store.ByProviderIdsAsync(PaymentsOptions.Stripe, subscriptionId, customerId, ct);
        return known?.BusinessId ?? (fromMetadata is { Length: > 0 } && await service.EnsureAsync(fromMetadata, ct) is not null ? fromMetadata : null);
    }

    private static string Outcome(SubscriptionChange c) =>
        c.NotFound is not null ? "unknown_business" : c.Duplicate ? "duplicate" : c.Refused is not null ? "refused" : c.Subscription!.State;
}
