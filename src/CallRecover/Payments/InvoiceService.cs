using System.Text.Json.Serialization;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Jobs;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Payments;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NewInvoiceInput
{
    public string? JobId { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record InvoiceLineInput
{
    public string? Description { get; init; }
    /// <summary>Default 1.</summary>
    public decimal? Qty { get; init; }
    /// <summary>Price of one unit in cents (negative for a discount).</summary>
    public long? UnitCents { get; init; }
}

/// <summary>What sending an invoice did: the invoice, and why the text was not sent (null when it went or waits).</summary>
public sealed record InvoiceSent(InvoiceWithLines Invoice, string PayUrl, string? TextBlockedReason);

/// <summary>
/// Invoices from draft to sent: drafted when a job completes (the job's quote lines), edited by staff while a draft
/// (lines added on site or removed), sent to the customer by text with a payment link (the one send path).
/// </summary>
public sealed class InvoiceService(Db db, InvoiceStore invoices, JobStore jobs, QuoteStore quotes, LeadStore leads, ConversationStore conversations,
    SmsSender sms, AuditLog audit, LiveEvents live, IOptions<PaymentsOptions> options, IOptions<AppOptions> app, TimeProvider clock) : IJobCompletedHook
{
    public const int MaxLines = 100;

    /// <summary>A job completed: its invoice is drafted from the approved quote's lines (none: an empty draft staff fill in). Once per job.</summary>
    public async Task OnCompletedAsync(DbTx tx, Business business, Job job, string actor)
    {
        if (await DraftAsync(tx, business, job, actor) is { } invoice)
            tx.AfterCommit(() => live.Publish(business.Id, "invoice", invoice.Id));
    }

    private async Task<Invoice?> DraftAsync(DbTx tx, Business business, Job job, string actor)
    {
        var items = job.QuoteId is null ? [] : await quotes.ItemsAsync(tx, business.Id, job.QuoteId);
        var lines = items.OrderBy(i => i.Position).Select((i, n) =>
        {
            var unit = Cents.FromAmount(i.UnitPrice);
            var amount = Cents.FromAmount(i.Amount);
            return new InvoiceLine
            {
                Id = Ids.New(), Position = n, Source = InvoiceLineSources.Quote, Description = i.Description, Qty = i.Qty, UnitCents = unit,
                // The quote's own amount is what the customer approved (it may differ from qty x unit by rounding).
                AmountCents = amount,
            };
        }).ToList();
        var now = clock.GetUtcNow();
        var invoice = new Invoice
        {
            Id = Ids.New(), BusinessId = business.Id, JobId = job.Id, LeadId = job.LeadId, CustomerId = job.CustomerId, QuoteId = job.QuoteId,
            Status = InvoiceStatuses.Draft, Currency = options.Value.Currency, PayTokenHash = PublicPage.NewToken().Hash, CreatedAt = now, UpdatedAt = now,
        };
        if (!await invoices.TryInsertAsync(tx, invoice, lines)) return null;
        await audit.WriteAsync(tx, business.Id, actor, "invoice", invoice.Id, "drafted", new { jobId = job.Id, lines = lines.Count });
        return invoice;
    }

    /// <summary>Drafts the invoice of a completed job by hand (staff); a conflict when the job is not completed or already has one.</summary>
    public async Task<Outcome<InvoiceWithLines>> CreateAsync(Business business, NewInvoiceInput input, string actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(input.JobId)) return Outcome<InvoiceWithLines>.Bad("jobId", "jobId is required.");
        var created = await db.WriteAsync(async tx =>
        {
            var job = await jobs.GetAsync(tx, business.Id, input.JobId.Trim());
            if (job is null) return Outcome<string>.Bad("jobId", $"No job '{input.JobId}' in this business.");
            if (job.Stage != JobStages.Completed) return Outcome<string>.Clash($"The job is {job.Stage}: an invoice is drafted when it is completed.");
            var invoice = await DraftAsync(tx, business, job, actor);
            if (invoice is null) return Outcome<string>.Clash("The job already has an invoice.");
            tx.AfterCommit(() => live.Publish(business.Id, "invoice", invoice.Id));
            return Outcome<string>.Done(invoice.Id);
        }, ct);
        return created.Ok ? Outcome<InvoiceWithLines>.Done((await invoices.GetAsync(business.Id, created.Value!, ct))!)
            : new Outcome<InvoiceWithLines>(null, created.Errors, created.Conflict, created.NotFound);
    }

    /// <summary>Adds a line (work or parts added on site) to a draft invoice.</summary>
    public async Task<Outcome<InvoiceWithLines>> AddLineAsync(Business business, string invoiceId, InvoiceLineInput input, string actor, CancellationToken ct = default)
    {
        var description = input.Description?.Trim();
        if (string.IsNullOrEmpty(description) || description.Length > 300) return Outcome<InvoiceWithLines>.Bad("description", "description is required (at most 300 characters).");
        var qty = input.Qty ?? 1;
        if (qty is <= 0 or > 10_000 || decimal.Round(qty, 2) != qty) return Outcome<InvoiceWithLines>.Bad("qty", "qty must be more than 0 and at most 10000, with at most 2 decimals.");
        if (input.UnitCents is not { } unit || Math.Abs(unit) > 100_000_000) return Outcome<InvoiceWithLines>.Bad("unitCents", "unitCents is required (whole cents, at most 100000000).");
        return await EditAsync(business, invoiceId, actor, "line_added", async tx =>
        {
            if ((await invoices.LinesAsync(tx, business.Id, invoiceId)).Count >= MaxLines) return $"An invoice has at most {MaxLines} lines.";
            var line = new InvoiceLine { Id = Ids.New(), Source = InvoiceLineSources.Site, Description = description, Qty = qty, UnitCents = unit, AmountCents = Cents.Line(qty, unit) };
            return await invoices.TryAddLineAsync(tx, business.Id, invoiceId, line) ? null : "Only a draft invoice can be changed.";
        }, ct);
    }

    public async Task<Outcome<InvoiceWithLines>> RemoveLineAsync(Business business, string invoiceId, string lineId, string actor, CancellationToken ct = default) =>
        await EditAsync(business, invoiceId, actor, "line_removed", async tx =>
        {
            var invoice = (await invoices.GetAsync(tx, business.Id, invoiceId))!;
            if (invoice.Status != InvoiceStatuses.Draft) return "Only a draft invoice can be changed.";
            return await invoices.TryRemoveLineAsync(tx, business.Id, invoiceId, lineId) ? null : $"The invoice has no line '{lineId}'.";
        }, ct);

    private async Task<Outcome<InvoiceWithLines>> EditAsync(Business business, string invoiceId, string actor, string action, Func<DbTx, Task<string?>> change,
        CancellationToken ct)
    {
        var outcome = await db.WriteAsync(async tx =>
        {
            if (await invoices.GetAsync(tx, business.Id, invoiceId) is null) return Outcome<InvoiceWithLines>.Missing();
            if (await change(tx) is { } conflict) return Outcome<InvoiceWithLines>.Clash(conflict);
            await audit.WriteAsync(tx, business.Id, actor, "invoice", invoiceId, action);
            tx.AfterCommit(() => live.Publish(business.Id, "invoice", invoiceId));
            return Outcome<InvoiceWithLines>.Done(new InvoiceWithLines(new Invoice(), []));
        }, ct);
        return outcome.Ok ? Outcome<InvoiceWithLines>.Done((await invoices.GetAsync(business.Id, invoiceId, ct))!) : outcome;
    }

    /// <summary>
    /// Sends (or sends again) the invoice to the customer: a text with the total and a new payment link (the old link
    /// stops working), through the one send path. A paid or void invoice, or one with nothing to pay, is a conflict.
    /// </summary>
    public async Task<Outcome<InvoiceSent>> SendAsync(Business business, string invoiceId, string actor, CancellationToken ct = default)
    {
        var (token, hash) = PublicPage.NewToken();
        var payUrl = $"{app.Value.BaseUrl}/pay/{token}";
        string? blocked = null;
        var result = await db.WriteAsync(async tx =>
        {
            var invoice = await invoices.GetAsync(tx, business.Id, invoiceId);
            if (invoice is null) return Outcome<Invoice>.Missing();
            if (invoice.Status is not (InvoiceStatuses.Draft or InvoiceStatuses.Sent)) return Outcome<Invoice>.Clash($"The invoice is {invoice.Status}.");
            if (invoice.TotalCents < 0) return Outcome<Invoice>.Clash("The invoice's total is below zero: its discounts or credits are larger than its lines. Fix the lines before sending it.");
            if (invoice.TotalCents == 0) return Outcome<Invoice>.Clash("The invoice has nothing to pay: add a line first.");
            var lead = await leads.GetAsync(tx, business.Id, invoice.LeadId);
            var job = await jobs.GetAsync(tx, business.Id, invoice.JobId);
            string? messageId = null;
            if (lead is not null)
            {
                var body = $"{business.Name}: your invoice for {job?.Title.ToLowerInvariant() ?? "your job"} is {PublicPage.Money(invoice.TotalCents, invoice.Currency)}. Pay securely here: {payUrl}";
                var sent = await sms.QueueAsync(tx, new OutboundSms(business.Id, lead.Phone, body, Senders.Human, SmsPurposes.Invoice,
                    await conversations.LatestIdForLeadAsync(tx, business.Id, lead.Id)));
                messageId = sent.Message.Id;
                blocked = sent.BlockedReason;
                tx.AfterCommit(() => live.Publish(business.Id, "message", sent.Message.Id));
            }
            if (!await invoices.TryMarkSentAsync(tx, business.Id, invoiceId, hash, messageId)) return Outcome<Invoice>.Clash("The invoice changed meanwhile.");
            await audit.WriteAsync(tx, business.Id, actor, "invoice", invoiceId, "sent", new { messageId, blocked });
            tx.AfterCommit(() => live.Publish(business.Id, "invoice", invoiceId));
            return Outcome<Invoice>.Done(invoice);
        }, ct);
        if (!result.Ok) return new Outcome<InvoiceSent>(null, result.Errors, result.Conflict, result.NotFound);
        return Outcome<InvoiceSent>.Done(new InvoiceSent((await invoices.GetAsync(business.Id, invoiceId, ct))!, payUrl, blocked));
    }
}
