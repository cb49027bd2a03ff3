using CallRecover.Common;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace CallRecover.Payments;

/// <summary>What a provider needs to open a checkout for an invoice.</summary>
/// <param name="ReturnPath">A path of this app the customer comes back to (the payment link or the portal).</param>
public sealed record CheckoutRequest(string BusinessName, Invoice Invoice, string Title, string PaymentId, string ReturnPath);

/// <summary>A checkout the customer is sent to: the provider's session id and its page.</summary>
public sealed record CheckoutSession(string ProviderRef, string Url);

/// <summary>
/// What a provider needs to take a business's CallRecover subscription: the plan and its monthly price, and who pays.
/// <paramref name="AttemptId"/> is the idempotency key (a retried create opens no second checkout).
/// </summary>
public sealed record SubscriptionCheckoutRequest(string BusinessId, string BusinessName, string OwnerEmail, string PlanKey, string PlanName,
    long MonthlyPriceCents, string Currency, string? StripePriceId, string? CustomerId, string ReturnPath, string AttemptId);

/// <summary>
/// A way to take a card payment: the built-in simulator or Stripe (chosen by <c>Payments:Provider</c>). Invoices use a
/// one-off checkout; a business's own CallRecover subscription uses a recurring one and can be cancelled.
/// </summary>
public interface IPaymentProvider
{
    string Name { get; }
    Task<CheckoutSession> CreateCheckoutAsync(CheckoutRequest request, CancellationToken ct);

    /// <summary>Opens a checkout where the owner adds a card for the plan's monthly price.</summary>
    Task<CheckoutSession> CreateSubscriptionCheckoutAsync(SubscriptionCheckoutRequest request, CancellationToken ct);

    /// <summary>Stops the provider's subscription at once (no further charges).</summary>
    Task CancelSubscriptionAsync(string providerSubscriptionId, string idempotencyKey, CancellationToken ct);

    /// <summary>Charges the provider's subscription at another plan's price from now on (prorated).</summary>
    Task ChangeSubscriptionPlanAsync(string providerSubscriptionId, SubscriptionPlanPrice plan, string idempotencyKey, CancellationToken ct);
}

/// <summary>A plan's price as a provider charges it: the plan's Stripe price when configured, else the amount inline (monthly).</summary>
public sealed record SubscriptionPlanPrice(string PlanKey, long MonthlyPriceCents, string Currency, string? StripePriceId);

/// <summary>
/// The built-in simulator: the checkout is a page of this app (<c>/pay/simulated/{session}</c>) with a "Pay" button,
/// so a new user sees the whole flow without a payment account. The session id is a random 256-bit token.
/// </summary>
public sealed class SimulatedPaymentProvider(IOptions<AppOptions> app) : IPaymentProvider
{
    public string Name => PaymentsOptions.Simulated;

    public Task<CheckoutSession> CreateCheckoutAsync(CheckoutRequest request, CancellationToken ct)
    {
        var session = "sim_" + PublicPage.NewToken().Token;
        return Task.FromResult(new CheckoutSession(session, $"{app.Value.BaseUrl}/pay/simulated/{session}?return={Uri.EscapeDataString(request.ReturnPath)}"));
    }

    /// <summary>The simulator's "add a card" page for a subscription (<c>/billing/simulated/{session}</c>).</summary>
    public Task<CheckoutSession> CreateSubscriptionCheckoutAsync(SubscriptionCheckoutRequest request, CancellationToken ct)
    {
        var session = "sim_sub_" + PublicPage.NewToken().Token;
        return Task.FromResult(new CheckoutSession(session, $"{app.Value.BaseUrl}/billing/simulated/{session}"));
    }

    /// <summary>The simulator charges nothing, so there is nothing to stop.</summary>
    public Task CancelSubscriptionAsync(string providerSubscriptionId, string idempotencyKey, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The simulator charges nothing, so there is no price to change.</summary>
    public Task ChangeSubscriptionPlanAsync(string providerSubscriptionId, SubscriptionPlanPrice plan, string idempotencyKey, CancellationToken ct) =>
        Task.CompletedTask;
}

/// <summary>
/// Stripe Checkout Sessions through the official Stripe.net client, pointed at <c>Payments:StripeApiBase</c> (tests use a
/// loopback fake speaking Stripe's wire format). One line with the invoice total; the payment id rides in the metadata
/// and as client_reference_id, and is the idempotency key (a retried create opens no second session).
/// </summary>
public sealed class StripePaymentProvider(IOptions<PaymentsOptions> options, IOptions<AppOptions> app, IHttpClientFactory http) : IPaymentProvider
{
    public const string HttpClientName = "stripe";

    public string Name => PaymentsOptions.Stripe;

    public async Task<CheckoutSession> CreateCheckoutAsync(CheckoutRequest request, CancellationToken ct)
    {
        var session = await new SessionService(Client()).CreateAsync(new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = request.PaymentId,
            SuccessUrl = app.Value.BaseUrl + request.ReturnPath,
            CancelUrl = app.Value.BaseUrl + request.ReturnPath,
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = request.Invoice.Currency, UnitAmount = request.Invoice.TotalCents,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"{request.BusinessName}: {request.Title}" },
                    },
                },
            ],
            Metadata = new Dictionary<string, string> { ["invoice_id"] = request.Invoice.Id, ["payment_id"] = request.PaymentId },
        }, new RequestOptions { IdempotencyKey = request.PaymentId }, ct);
        return new CheckoutSession(session.Id, session.Url);
    }

    /// <summary>
    /// A Checkout Session in subscription mode: the plan's Stripe price when configured, else the price inline (monthly).
    /// The business id rides as client_reference_id and in the subscription's metadata, so the webhooks find the business.
    /// </summary>
    public async Task<CheckoutSession> CreateSubscriptionCheckoutAsync(SubscriptionCheckoutRequest request, CancellationToken ct)
    {
        var item = request.StripePriceId is { Length: > 0 } price
            ? new SessionLineItemOptions { Quantity = 1, Price = price }
            : new SessionLineItemOptions
            {
                Quantity = 1,
                PriceData = new SessionLineItemPriceDataOptions
                {
                    Currency = request.Currency, UnitAmount = request.MonthlyPriceCents,
                    Recurring = new SessionLineItemPriceDataRecurringOptions { Interval = "month" },
                    ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"CallRecover {request.PlanName}" },
                },
            };
        var metadata = new Dictionary<string, string> { ["business_id"] = request.BusinessId, ["plan"] = request.PlanKey };
        var session = await new SessionService(Client()).CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            ClientReferenceId = request.BusinessId,
            Customer = request.CustomerId,
            CustomerEmail = request.CustomerId is null ? request.OwnerEmail : null,
            SuccessUrl = app.Value.BaseUrl + request.ReturnPath,
            CancelUrl = app.Value.BaseUrl + request.ReturnPath,
            LineItems = [item],
            Metadata = metadata,
            SubscriptionData = new SessionSubscriptionDataOptions { Metadata = metadata },
        }, new RequestOptions { IdempotencyKey = request.AttemptId }, ct);
        return new CheckoutSession(session.Id, session.Url);
    }

    public async Task CancelSubscriptionAsync(string providerSubscriptionId, string idempotencyKey, CancellationToken ct) =>
        await new SubscriptionService(Client()).CancelAsync(providerSubscriptionId, new SubscriptionCancelOptions(),
            new RequestOptions { IdempotencyKey = idempotencyKey }, ct);

    /// <summary>
    /// Moves the subscription's one item to the plan's price, prorated: the plan's Stripe price when configured, else the
    /// amount inline on the item's own product (Stripe's inline prices need a product id, not product data).
    /// </summary>
    public async Task ChangeSubscriptionPlanAsync(string providerSubscriptionId, SubscriptionPlanPrice plan, string idempotencyKey, CancellationToken ct)
    {
        var service = new SubscriptionService(Client());
        var current = await service.GetAsync(providerSubscriptionId, cancellationToken: ct);
        var item = current.Items?.Data?.FirstOrDefault()
            ?? throw new InvalidOperationException($"Stripe subscription {providerSubscriptionId} has no item to change.");
        var update = new SubscriptionItemOptions { Id = item.Id };
        if (plan.StripePriceId is { Length: > 0 } price) update.Price = price;
        else
            update.PriceData = new SubscriptionItemPriceDataOptions
            {
                Currency = plan.Currency, UnitAmount = plan.MonthlyPriceCents, Product = item.Price.ProductId,
                Recurring = new SubscriptionItemPriceDataRecurringOptions { Interval = "month" },
            };
        await service.UpdateAsync(providerSubscriptionId, new SubscriptionUpdateOptions
        {
            Items = [update], ProrationBehavior = "create_prorations",
            Metadata = new Dictionary<string, string> { ["plan"] = plan.PlanKey },
        }, new RequestOptions { IdempotencyKey = idempotencyKey }, ct);
    }

    private StripeClient Client()
    {
        var o = options.Value;
        return new StripeClient(o.StripeSecretKey, null, new SystemNetHttpClient(http.CreateClient(HttpClientName)), o.StripeApiBase.TrimEnd('/'));
    }
}

/// <summary>
/// A verified Stripe event that is not an invoice payment (Payments' own): a higher capability (Subscriptions) handles
/// its own kinds through this extension point, so the one <c>/webhooks/stripe</c> route serves both.
/// </summary>
public interface IStripeEventHandler
{
    /// <summary>Handles the event once per event id; returns an outcome word, or null when the event is not this handler's.</summary>
    Task<string?> HandleAsync(Event stripeEvent, CancellationToken ct);
}
