using System.Text.Json.Serialization;

namespace CallRecover.Estimates;

public static class QuoteStatuses
{
    public const string Draft = "draft", Sent = "sent", Approved = "approved", Declined = "declined", Expired = "expired";
    public static readonly string[] All = [Draft, Sent, Approved, Declined, Expired];
    /// <summary>Statuses in which the quote still waits for an answer.</summary>
    public static readonly string[] Pending = [Draft, Sent];
}

public static class QuoteItemKinds
{
    public const string Labor = "labor", Part = "part", Fee = "fee", Adjustment = "adjustment";
    public static readonly string[] All = [Labor, Part, Fee, Adjustment];
}

/// <summary>A priced offer to a lead. The estimate JSON keeps what matched and which rules applied.</summary>
public sealed record Quote
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string? CustomerId { get; init; }
    public string? VehicleId { get; init; }
    public string? ExtractionId { get; init; }
    public string? CallId { get; init; }
    public string? ConversationId { get; init; }
    public string Status { get; init; } = QuoteStatuses.Draft;
    public bool NeedsReview { get; init; }
    public string? ReviewReason { get; init; }
    public decimal LaborTotal { get; init; }
    public decimal PartsTotal { get; init; }
    public decimal AdjustmentsTotal { get; init; }
    public decimal FeesTotal { get; init; }
    public decimal Total { get; init; }
    /// <summary>The engine's <see cref="Estimate"/> as JSON: matched words, rules, catalog version.</summary>
    public string Estimate { get; init; } = "{}";
    public int? CatalogVersion { get; init; }
    public string? SentMessageId { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public string? ApprovedBy { get; init; }
    public DateTimeOffset? DeclinedAt { get; init; }
    public string? DeclinedBy { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One line of a quote: labor or parts for a repair, a vehicle adjustment, or a fee.</summary>
public sealed record QuoteItem
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    [JsonIgnore] public string QuoteId { get; init; } = "";
    public int Position { get; init; }
    public string Kind { get; init; } = QuoteItemKinds.Labor;
    public string? Repair { get; init; }
    public string Description { get; init; } = "";
    public string? PartNumber { get; init; }
    public decimal? Hours { get; init; }
    public decimal Qty { get; init; } = 1;
    public decimal UnitPrice { get; init; }
    public decimal Amount { get; init; }
    /// <summary>Where a parts price came from (<see cref="PartsSources"/>); null for lines staff typed or other kinds.</summary>
    public string? PriceSource { get; init; }
    public DateTimeOffset? PriceFetchedAt { get; init; }
}

/// <summary>How often staff corrected the engine's quotes for one repair (null: lines tied to no repair, such as fees),
/// out of the quotes that priced it, and by how much on average (after − before, per corrected line).</summary>
public sealed record RepairCorrections
{
    public string? Repair { get; init; }
    public int QuotesCorrected { get; init; }
    public int QuotesWithRepair { get; init; }
    public int LaborCorrections { get; init; }
    public int PartsCorrections { get; init; }
    public decimal AverageLaborChange { get; init; }
    public decimal AveragePartsChange { get; init; }
    public DateTimeOffset LastCorrectedAt { get; init; }
}

/// <summary>One line staff changed, added (<see cref="BeforeAmount"/> null) or removed (<see cref="AfterAmount"/> null).</summary>
public sealed record QuoteCorrection
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string QuoteId { get; init; } = "";
    public string? Repair { get; init; }
    public string Kind { get; init; } = "";
    public decimal? BeforeAmount { get; init; }
    public decimal? AfterAmount { get; init; }
    public decimal? BeforeHours { get; init; }
    public decimal? AfterHours { get; init; }
    public string Actor { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed record QuoteWithItems(Quote Quote, IReadOnlyList<QuoteItem> Items);

/// <summary>Called in the approving transaction when a quote is approved (by the caller's YES or by staff):
/// the hand-off to jobs. Zero or more are registered.</summary>
public interface IQuoteApprovedHook
{
    Task OnApprovedAsync(Data.DbTx tx, Tenancy.Business business, Quote quote, IReadOnlyList<QuoteItem> items, string actor);
}
