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

/// <summary>A way to take a card payment: the built-in simulator or Stripe (chosen by <c>Payments:Provider</c>).</summary>
public interface IPaymentProvider
{
    string Name { get; }
    Task<CheckoutSession> CreateCheckoutAsync(CheckoutRequest request, CancellationToken ct);
}

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
        var o = options.Value;
        var client = new StripeClient(o.StripeSecretKey, null, new SystemNetHttpClient(http.CreateClient(HttpClientName)), o.StripeApiBase.TrimEnd('/'));
        var session = await new SessionService(client).CreateAsync(new SessionCreateOptions
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
}
