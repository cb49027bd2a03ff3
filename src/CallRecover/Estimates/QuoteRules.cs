using System.Globalization;
using CallRecover.Conversations;

namespace CallRecover.Estimates;

/// <summary>A line item as staff type it (the dashboard's editor or the operator API); a null number is missing or not a number.</summary>
public sealed record QuoteItemInput(string? Kind, string? Description, decimal? Qty, decimal? UnitPrice, decimal? Hours = null, string? Repair = null, string? PartNumber = null);

/// <summary>What staff may do to a quote, and the checks the dashboard and the operator API share (one place per rule).</summary>
public static class QuoteRules
{
    public const string Edit = "edit", Send = "send", Approve = "approve", Decline = "decline";

    /// <summary>The statuses each staff action may start from: a new stage or action is one line here.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedFrom = new Dictionary<string, string[]>
    {
        [Edit] = QuoteStatuses.Pending,
        [Send] = QuoteStatuses.Pending,
        [Approve] = QuoteStatuses.Pending,
        [Decline] = QuoteStatuses.Pending,
    };

    public const int MaxItems = 50, MaxDescription = 200;
    public const decimal MaxQty = 10_000m, MaxUnitPrice = 1_000_000m;

    public static bool Allows(string action, string status) => AllowedFrom.TryGetValue(action, out var from) && from.Contains(status);

    /// <summary>Why <paramref name="action"/> is impossible for a quote in <paramref name="status"/>, as a sentence; null when it is allowed.</summary>
    public static string? Refusal(string action, string status) => Allows(action, status) ? null
        : $"This quote is {status}; only a {string.Join(" or ", AllowedFrom[action])} quote can be {Past(action)}.";

    /// <summary>Why the quote cannot be sent (its status, or nothing priced to send); null when it can.</summary>
    public static string? SendRefusal(Quote quote, IReadOnlyList<QuoteItem> items) =>
        Refusal(Send, quote.Status) ?? (items.Count == 0 || quote.Total <= 0 ? "The quote has no priced items; add items before sending." : null);

    private static string Past(string action) => action switch
    {
        Edit => "edited",
        Send => "sent",
        Approve => "approved",
        Decline => "declined",
        _ => action,
    };

    /// <summary>
    /// Checks staff's line items; errors are keyed by field (<c>items[0].qty</c>) with messages in words. Returns the
    /// items to store (positions, ids and amounts are set when stored) or the errors.
    /// </summary>
    public static (IReadOnlyList<QuoteItem> Items, Dictionary<string, string[]> Errors) CheckItems(IReadOnlyList<QuoteItemInput?>? input)
    {
        var errors = new Dictionary<string, string[]>();
        var items = new List<QuoteItem>();
        if (input is null || input.Count == 0) { errors["items"] = ["Add at least one line item."]; return (items, errors); }
        if (input.Count > MaxItems) { errors["items"] = [$"A quote can have at most {MaxItems} line items."]; return (items, errors); }
        for (var i = 0; i < input.Count; i++)
        {
            var it = input[i];
            var key = $"items[{i}]";
            if (it is null) { errors[key] = ["A line item must be an object."]; continue; }
            if (it.Kind is null || !QuoteItemKinds.All.Contains(it.Kind)) errors[$"{key}.kind"] = [$"Kind must be one of {string.Join(", ", QuoteItemKinds.All)}."];
            var description = it.Description?.Trim();
            if (string.IsNullOrEmpty(description)) errors[$"{key}.description"] = ["Description is required."];
            else if (description.Length > MaxDescription) errors[$"{key}.description"] = [$"Description must be at most {MaxDescription} characters."];
            if (it.Qty is not > 0) errors[$"{key}.qty"] = ["Quantity must be a number above 0."];
            else if (it.Qty > MaxQty) errors[$"{key}.qty"] = [$"Quantity must be at most {MaxQty.ToString("#,##0", CultureInfo.InvariantCulture)}."];
            // An adjustment may take money off; everything else costs something or nothing.
            if (it.UnitPrice is null) errors[$"{key}.unitPrice"] = ["Unit price must be a number."];
            else if (it.UnitPrice < 0 && it.Kind != QuoteItemKinds.Adjustment) errors[$"{key}.unitPrice"] = ["Unit price must not be negative (only an adjustment can take money off)."];
            else if (Math.Abs(it.UnitPrice.Value) > MaxUnitPrice) errors[$"{key}.unitPrice"] = [$"Unit price must be at most {EstimateEngine.Money(MaxUnitPrice)}."];
            items.Add(new QuoteItem
            {
                Kind = it.Kind ?? "", Description = description ?? "", Qty = it.Qty ?? 0, UnitPrice = it.UnitPrice ?? 0,
                Hours = it.Hours ?? (it.Kind == QuoteItemKinds.Labor ? it.Qty : null), Repair = it.Repair, PartNumber = it.PartNumber,
            });
        }
        return (errors.Count == 0 ? items : [], errors);
    }
}

/// <summary>How a staff action on a quote ended; the page shows <see cref="Message"/>, the API maps <see cref="Outcome"/> to a status.</summary>
public sealed record QuoteActionResult
{
    public QuoteOutcome Outcome { get; init; }
    /// <summary>The impossible move or the blocked text, in words.</summary>
    public string? Message { get; init; }
    public Dictionary<string, string[]> Errors { get; init; } = [];
    public QuoteWithItems? Quote { get; init; }
    public SendResult? Sent { get; init; }
    public bool Ok => Outcome == QuoteOutcome.Done;

    public static readonly QuoteActionResult NotFound = new() { Outcome = QuoteOutcome.NotFound, Message = "This quote does not exist." };
    public static QuoteActionResult Refused(string message) => new() { Outcome = QuoteOutcome.Refused, Message = message };
}

public enum QuoteOutcome { Done, NotFound, Invalid, Refused, Blocked }
