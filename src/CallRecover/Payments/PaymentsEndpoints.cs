using System.Text;
using CallRecover.Common;
using CallRecover.Jobs;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;
using Stripe;
using static CallRecover.Common.PublicPage;

namespace CallRecover.Payments;

/// <summary>
/// The operator's invoices API (under /api/admin/businesses/{businessId}), the customer's payment link (/pay/{token}),
/// the simulator's checkout page (/pay/simulated/{session}, simulated provider only) and Stripe's webhook (/webhooks/stripe).
/// </summary>
public static class PaymentsEndpoints
{
    public const int MaxWebhookBytes = 256 * 1024;

    public static AppRoutes MapPayments(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/invoices", async (string businessId, string? status, string? jobId, InvoiceStore store, CancellationToken ct) =>
        {
            if (status is not null && !InvoiceStatuses.All.Contains(status)) return Problems.BadField("status", $"status must be one of {string.Join(", ", InvoiceStatuses.All)}.");
            return TypedResults.Ok(await store.ListAsync(businessId, status, string.IsNullOrWhiteSpace(jobId) ? null : jobId, ct: ct));
        });
        one.MapGet("/invoices/{invoiceId}", async (string businessId, string invoiceId, InvoiceStore store, PaymentStore payments, CancellationToken ct) =>
            await store.GetAsync(businessId, invoiceId, ct) is { } invoice
                ? TypedResults.Ok(Shape(invoice, await payments.ForInvoiceAsync(businessId, invoiceId, ct)))
                : Problems.Missing("invoice", invoiceId));
        one.MapPost("/invoices", async (string businessId, HttpRequest request, BusinessStore businesses, InvoiceService invoices, CancellationToken ct) =>
        {
            var (input, bad) = await Problems.ReadObjectAsync<NewInvoiceInput>(request, ct);
            if (input is null) return bad!;
            var result = await invoices.CreateAsync((await businesses.GetAsync(businessId, ct))!, input, "operator", ct);
            return result.ToResult(i => TypedResults.Created($"/api/admin/businesses/{businessId}/invoices/{i.Invoice.Id}", Shape(i, [])), "invoice", "");
        });
        one.MapPost("/invoices/{invoiceId}/lines", async (string businessId, string invoiceId, HttpRequest request, BusinessStore businesses, InvoiceService invoices,
            CancellationToken ct) =>
        {
            var (input, bad) = await Problems.ReadObjectAsync<InvoiceLineInput>(request, ct);
            if (input is null) return bad!;
            return (await invoices.AddLineAsync((await businesses.GetAsync(businessId, ct))!, invoiceId, input, "operator", ct))
                .ToResult(i => TypedResults.Ok(Shape(i, [])), "invoice", invoiceId);
        });
        one.MapDelete("/invoices/{invoiceId}/lines/{lineId}", async (string businessId, string invoiceId, string lineId, BusinessStore businesses,
            InvoiceService invoices, CancellationToken ct) =>
            (await invoices.RemoveLineAsync((await businesses.GetAsync(businessId, ct))!, invoiceId, lineId, "operator", ct))
                .ToResult(i => TypedResults.Ok(Shape(i, [])), "invoice", invoiceId));
        one.MapPost("/invoices/{invoiceId}/send", async (string businessId, string invoiceId, BusinessStore businesses, InvoiceService invoices, CancellationToken ct) =>
            (await invoices.SendAsync((await businesses.GetAsync(businessId, ct))!, invoiceId, "operator", ct))
                .ToResult(s => TypedResults.Ok(new { invoice = Shape(s.Invoice, []), s.PayUrl, s.TextBlockedReason }), "invoice", invoiceId));

        var app = routes.App.MapGroup("").SecretInUrl().RequireRateLimiting(RateLimits.Links);
        app.MapGet("/pay/{token}", async (string token, HttpContext http, InvoiceStore store, BusinessStore businesses, JobStore jobs, CancellationToken ct) =>
        {
            if (await InvoiceForTokenAsync(token, store, ct) is not { } invoice) return PublicPage.NotFound();
            var business = (await businesses.GetAsync(invoice.BusinessId, ct))!;
            var full = (await store.GetAsync(business.Id, invoice.Id, ct))!;
            var job = await jobs.GetAsync(business.Id, invoice.JobId, ct);
            var form = $"""<form method="post" action="/pay/{E(token)}"><button type="submit">Pay {Money(invoice.TotalCents, invoice.Currency)}</button></form>""";
            return Html($"Invoice from {business.Name}", $"<h1>Invoice from {E(business.Name)}</h1>{InvoiceSection(full, job?.Title, form)}");
        });
        app.MapPost("/pay/{token}", async (string token, InvoiceStore store, BusinessStore businesses, PaymentService payments, CancellationToken ct) =>
        {
            if (await InvoiceForTokenAsync(token, store, ct) is not { } invoice) return PublicPage.NotFound();
            var business = (await businesses.GetAsync(invoice.BusinessId, ct))!;
            var url = await payments.StartCheckoutAsync(business, invoice.Id, $"/pay/{token}", ct);
            return url is null ? Results.Redirect($"/pay/{token}") : Results.Redirect(url);
        });

        app.MapGet("/pay/simulated/{session}", async (string session, string? @return, IOptions<PaymentsOptions> options, PaymentStore payments,
            BusinessStore businesses, CancellationToken ct) =>
        {
            if (!options.Value.IsSimulated || await payments.ByProviderRefAsync(PaymentsOptions.Simulated, session, ct) is not { } payment) return PublicPage.NotFound();
            var business = (await businesses.GetAsync(payment.BusinessId, ct))!;
            var back = SafeReturn(@return);
            var body = payment.Status == PaymentStatuses.Paid
                ? $"""<h1>Already paid</h1><p class="ok">This checkout is paid.</p><p><a href="{E(back)}">Back</a></p>"""
                : $"""
                  <h1>Test checkout</h1>
                  <p class="muted">This is the built-in payment simulator: no card is charged.</p>
                  <section><p>{E(business.Name)}</p><p><strong>{Money(payment.AmountCents, payment.Currency)}</strong></p>
                  <form method="post" action="/pay/simulated/{E(session)}?return={E(Uri.EscapeDataString(back))}">
                  <label for="card">Card number (simulated)</label><input id="card" name="card" value="4242 4242 4242 4242" autocomplete="off">
                  <button type="submit">Pay {Money(payment.AmountCents, payment.Currency)}</button></form>
                  <p><a href="{E(back)}">Cancel</a></p></section>
                  """;
            return Html("Test checkout", body);
        });
        app.MapPost("/pay/simulated/{session}", async (string session, string? @return, IOptions<PaymentsOptions> options, PaymentStore payments,
            PaymentService service, CancellationToken ct) =>
        {
            if (!options.Value.IsSimulated || await payments.ByProviderRefAsync(PaymentsOptions.Simulated, session, ct) is not { } payment) return PublicPage.NotFound();
            // The simulator is the provider: its confirmation is the "event" (one per session).
            await service.ConfirmPaidAsync(PaymentsOptions.Simulated, session, payment.AmountCents, payment.Currency, "evt_" + session, "simulated.paid", ct);
            return Results.Redirect(SafeReturn(@return));
        });

        routes.App.MapPost("/webhooks/stripe", async (HttpRequest request, IOptions<PaymentsOptions> options, PaymentService service, TimeProvider clock,
            IEnumerable<IStripeEventHandler> handlers, ILoggerFactory logs, CancellationToken ct) =>
        {
            var o = options.Value;
            if (!o.IsStripe) return Results.NotFound();
            if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } max)
                max.MaxRequestBodySize = MaxWebhookBytes;
            if (request.ContentLength > MaxWebhookBytes) return Problems.BadField("body", "The body is too large.");
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var json = await reader.ReadToEndAsync(ct);
            Event stripeEvent;
            try
            {
                stripeEvent = EventUtility.ConstructEvent(json, request.Headers["Stripe-Signature"].ToString(), o.StripeWebhookSecret, o.WebhookToleranceSeconds,
                    clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
            }
            catch (Exception ex) when (ex is StripeException or System.Text.Json.JsonException or Newtonsoft.Json.JsonException or ArgumentException or FormatException)
            {
                logs.CreateLogger("CallRecover.Payments.StripeWebhook").LogWarning("Stripe webhook refused: {Reason}", ex.GetType().Name);
                return Problems.BadField("Stripe-Signature", "The Stripe signature is missing, wrong or too old.");
            }
            if (stripeEvent.Type is EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded
                && stripeEvent.Data.Object is Stripe.Checkout.Session session && session.Mode != "subscription" && session.PaymentStatus == "paid")
            {
                var outcome = await service.ConfirmPaidAsync(PaymentsOptions.Stripe, session.Id, session.AmountTotal ?? -1, session.Currency ?? "", stripeEvent.Id,
                    stripeEvent.Type, ct);
                return TypedResults.Ok(new { received = true, outcome = outcome.ToString() });
            }
            foreach (var handler in handlers)
                if (await handler.HandleAsync(stripeEvent, ct) is { } handled) return TypedResults.Ok(new { received = true, outcome = handled });
            return TypedResults.Ok(new { received = true, outcome = "ignored" });
        }).RequireRateLimiting(RateLimits.Webhooks);
        return routes;
    }

    /// <summary>Only a path of this app (never another site): the simulator returns the customer there.</summary>
    private static string SafeReturn(string? path) =>
        path is { Length: > 1 } p && p[0] == '/' && p[1] != '/' && p[1] != '\\' && (p.StartsWith("/pay/", StringComparison.Ordinal) || p.StartsWith("/p/", StringComparison.Ordinal))
            ? p : "/";

    private static async Task<Invoice?> InvoiceForTokenAsync(string token, InvoiceStore store, CancellationToken ct) =>
        token.Length is < 20 or > 100 ? null
            : await store.ByPayTokenHashAsync(HashToken(token), ct) is { Status: InvoiceStatuses.Sent or InvoiceStatuses.Paid } invoice ? invoice : null;

    /// <summary>An invoice's lines, total and status for a customer's page; <paramref name="payForm"/> shows while it waits for payment.</summary>
    public static string InvoiceSection(InvoiceWithLines full, string? title, string payForm)
    {
        var invoice = full.Invoice;
        var rows = string.Concat(full.Lines.Select(l =>
            $"<tr><td>{E(l.Description)}{(l.Qty != 1 ? $" <span class=\"muted\">× {l.Qty:0.##}</span>" : "")}</td><td class=\"n\">{Money(l.AmountCents, invoice.Currency)}</td></tr>"));
        var status = invoice.Status == InvoiceStatuses.Paid
            ? $"""<p class="ok" role="status">Paid — thank you!</p>"""
            : payForm;
        return $"""
            <section aria-label="Invoice">
            <h2>{E(title ?? "Invoice")}</h2>
            <table><thead><tr><th scope="col">Item</th><th scope="col" class="n">Amount</th></tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr><th scope="row">Total</th><td class="n"><strong>{Money(invoice.TotalCents, invoice.Currency)}</strong></td></tr></tfoot></table>
            {status}
            </section>
            """;
    }

    /// <summary>An invoice as the API shows it: its fields, lines and checkouts.</summary>
    public static object Shape(InvoiceWithLines i, IReadOnlyList<Payment> payments) => new
    {
        i.Invoice.Id, i.Invoice.JobId, i.Invoice.LeadId, i.Invoice.CustomerId, i.Invoice.QuoteId, i.Invoice.Status, i.Invoice.Currency, i.Invoice.TotalCents,
        i.Invoice.SentMessageId, i.Invoice.SentAt, i.Invoice.PaidAt, i.Invoice.CreatedAt, i.Invoice.UpdatedAt, i.Lines, Payments = payments,
    };
}
