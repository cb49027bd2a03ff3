using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Jobs;
using CallRecover.Live;
using CallRecover.Notifications;
using CallRecover.Tenancy;
using CallRecover.Webhooks;

namespace CallRecover.Payments;

public enum PaymentOutcome
{
    /// <summary>The invoice is now paid, the job closed and the owner told.</summary>
    Paid,
    /// <summary>Already handled (a replayed event, a second session for a paid invoice): nothing changed.</summary>
    AlreadyHandled,
    /// <summary>No checkout of ours has this session id: nothing changed.</summary>
    UnknownSession,
    /// <summary>The amount or currency differs from the checkout's: nothing changed.</summary>
    Mismatch,
}

/// <summary>
/// Getting paid: opens a checkout at the configured provider for a sent invoice, and records a confirmed payment
/// (from the Stripe webhook or the simulator's page) in one transaction: payment paid, invoice paid, job closed (through
/// JobService), owner notified. Idempotent on the provider's event id and on the payment's status.
/// </summary>
public sealed class PaymentService(Db db, InvoiceStore invoices, PaymentStore payments, JobStore jobStore, JobService jobs, BusinessStore businesses,
    Notifier notifier, AuditLog audit, LiveEvents live, IPaymentProvider provider, WebhookEvents webhooks, TimeProvider clock,
    ILogger<PaymentService> log)
{
    public string ProviderName => provider.Name;

    /// <summary>
    /// How long a started checkout is reused. Stripe keeps a Checkout Session open for 24 hours; ours are reused for less,
    /// so a reused one is never expired.
    /// </summary>
    public static readonly TimeSpan CheckoutReuse = TimeSpan.FromHours(23);

    /// <summary>
    /// Opens a checkout for a sent invoice and returns its page (null when the invoice is not waiting for payment). A
    /// checkout already open for the same amount is reused, so two tabs or two taps lead to one checkout the customer
    /// can pay once, not two.
    /// </summary>
    /// <param name="returnPath">Where the customer comes back to (a path of this app, e.g. the payment link or the portal).</param>
    public async Task<string?> StartCheckoutAsync(Business business, string invoiceId, string returnPath, CancellationToken ct = default)
    {
        var invoice = (await invoices.GetAsync(business.Id, invoiceId, ct))?.Invoice;
        if (invoice is null || invoice.Status != InvoiceStatuses.Sent || invoice.TotalCents <= 0) return null;
        var open = await payments.OpenCheckoutAsync(business.Id, invoice.Id, provider.Name, invoice.TotalCents, invoice.Currency, clock.GetUtcNow() - CheckoutReuse, ct);
        if (open?.CheckoutUrl is { } reuse) return reuse;
        var job = await jobStore.GetAsync(business.Id, invoice.JobId, ct);
        var paymentId = Ids.New();
        // The provider call is HTTP: never inside a transaction.
        var session = await provider.CreateCheckoutAsync(new CheckoutRequest(business.Name, invoice, job?.Title ?? "Invoice", paymentId, returnPath), ct);
        await db.WriteAsync(async tx =>
        {
            await payments.InsertAsync(tx, new Payment
            {
                Id = paymentId, BusinessId = business.Id, InvoiceId = invoice.Id, Provider = provider.Name, ProviderRef = session.ProviderRef,
                Status = PaymentStatuses.Pending, AmountCents = invoice.TotalCents, Currency = invoice.Currency, CreatedAt = clock.GetUtcNow(),
                CheckoutUrl = session.Url,
            });
            await audit.WriteAsync(tx, business.Id, "customer", "invoice", invoice.Id, "checkout_started", new { paymentId, provider = provider.Name });
        }, ct);
        return session.Url;
    }

    /// <summary>
    /// A provider says the checkout <paramref name="providerRef"/> was paid. <paramref name="eventId"/> is the provider's
    /// event id: a replay of it changes nothing; an amount or currency that differs from the checkout's changes nothing.
    /// </summary>
    public async Task<PaymentOutcome> ConfirmPaidAsync(string providerName, string providerRef, long amountCents, string currency, string eventId, string eventType,
        CancellationToken ct = default)
    {
        var payment = await payments.ByProviderRefAsync(providerName, providerRef, ct);
        if (payment is null) return PaymentOutcome.UnknownSession;
        if (payment.AmountCents != amountCents || !payment.Currency.Equals(currency, StringComparison.OrdinalIgnoreCase))
        {
            log.LogWarning("Payment {PaymentId} confirmed with a different amount or currency; ignored", payment.Id);
            return PaymentOutcome.Mismatch;
        }
        var business = await businesses.GetAsync(payment.BusinessId, ct);
        if (business is null) return PaymentOutcome.UnknownSession;
        return await db.WriteAsync(async tx =>
        {
            if (!await payments.TryRecordEventAsync(tx, providerName, eventId, business.Id, eventType, payment.Id)) return PaymentOutcome.AlreadyHandled;
            var invoice = (await invoices.GetAsync(tx, business.Id, payment.InvoiceId))!;
            if (payment.Status == PaymentStatuses.Paid) return PaymentOutcome.AlreadyHandled;
            if (invoice.Status != InvoiceStatuses.Sent)
            {
                // Paid after the invoice was paid (a second session) or voided: the owner decides on a refund.
                await audit.WriteAsync(tx, business.Id, "payment", "invoice", invoice.Id, "paid_again", new { paymentId = payment.Id, provider = providerName });
                await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("invoice_paid_again", "An invoice was paid twice",
                    $"A payment of {PublicPage.Money(amountCents, currency)} arrived for an invoice that was already {invoice.Status}. Check it in your payment account.",
                    new { invoiceId = invoice.Id, paymentId = payment.Id }));
                return PaymentOutcome.AlreadyHandled;
            }
            if (!await payments.TryMarkPaidAsync(tx, business.Id, payment.Id) || !await invoices.TryMarkPaidAsync(tx, business.Id, invoice.Id))
                return PaymentOutcome.AlreadyHandled;
            await audit.WriteAsync(tx, business.Id, "payment", "invoice", invoice.Id, "paid", new { paymentId = payment.Id, provider = providerName, amountCents });
            var job = await jobStore.GetAsync(tx, business.Id, invoice.JobId);
            await jobs.ClosePaidAsync(tx, business, invoice.JobId, "payment");
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("invoice_paid", $"Invoice paid: {PublicPage.Money(amountCents, currency)}",
                $"{job?.Title ?? "A job"} was paid ({PublicPage.Money(amountCents, currency)}, {providerName}). The job is closed.",
                new { invoiceId = invoice.Id, jobId = invoice.JobId, paymentId = payment.Id }));
            await webhooks.RaiseAsync(tx, business.Id, WebhookEventTypes.InvoicePaid, invoice.Id,
                new { invoiceId = invoice.Id, jobId = invoice.JobId, leadId = invoice.LeadId, customerId = invoice.CustomerId, amountCents, currency, provider = providerName });
            tx.AfterCommit(() => live.Publish(business.Id, "invoice", invoice.Id));
            return PaymentOutcome.Paid;
        }, ct);
    }
}
