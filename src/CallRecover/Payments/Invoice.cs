using System.Text.Json.Serialization;

namespace CallRecover.Payments;

public static class InvoiceStatuses
{
    public const string Draft = "draft", Sent = "sent", Paid = "paid", Void = "void";
    public static readonly string[] All = [Draft, Sent, Paid, Void];
}

public static class InvoiceLineSources
{
    /// <summary>From the job's approved quote.</summary>
    public const string Quote = "quote";
    /// <summary>Added by staff on site while the invoice is a draft.</summary>
    public const string Site = "site";
}

/// <summary>What a customer owes for one job, in integer cents.</summary>
public sealed record Invoice
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string JobId { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string? CustomerId { get; init; }
    public string? QuoteId { get; init; }
    public string Status { get; init; } = InvoiceStatuses.Draft;
    public string Currency { get; init; } = "usd";
    public long TotalCents { get; init; }
    [JsonIgnore] public string PayTokenHash { get; init; } = "";
    public string? SentMessageId { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? PaidAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record InvoiceLine
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    [JsonIgnore] public string InvoiceId { get; init; } = "";
    public int Position { get; init; }
    public string Source { get; init; } = InvoiceLineSources.Site;
    public string Description { get; init; } = "";
    public decimal Qty { get; init; } = 1;
    public long UnitCents { get; init; }
    public long AmountCents { get; init; }
}

public sealed record InvoiceWithLines(Invoice Invoice, IReadOnlyList<InvoiceLine> Lines);

public static class PaymentStatuses
{
    public const string Pending = "pending", Paid = "paid";
}

/// <summary>A checkout started at a provider for an invoice.</summary>
public sealed record Payment
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string InvoiceId { get; init; } = "";
    public string Provider { get; init; } = "";
    public string ProviderRef { get; init; } = "";
    public string Status { get; init; } = PaymentStatuses.Pending;
    public long AmountCents { get; init; }
    public string Currency { get; init; } = "usd";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? PaidAt { get; init; }
    /// <summary>The provider's checkout page of a pending payment (reused while it is open); never shown in the API.</summary>
    [JsonIgnore] public string? CheckoutUrl { get; init; }
}

public static class Cents
{
    /// <summary>Dollars (a quote's decimal prices) to integer cents, rounding half away from zero.</summary>
    public static long FromAmount(decimal amount) => (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero);

    public static long Line(decimal qty, long unitCents) => (long)Math.Round(qty * unitCents, MidpointRounding.AwayFromZero);
}

/// <summary>An invoice in the staff list: who it is for (the customer's name, else the caller's) and the job's title.</summary>
public sealed record InvoiceRow(Invoice Invoice, string? Name, string Phone, string? JobTitle);

/// <summary>Sums for the staff list, in cents.</summary>
public sealed record InvoiceTotals
{
    public long OutstandingCents { get; init; }
    public long OutstandingCount { get; init; }
    public long PaidCents { get; init; }
    public long PaidCount { get; init; }
}
