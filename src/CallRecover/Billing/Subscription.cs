namespace CallRecover.Billing;

/// <summary>A subscription's states, the same words as <c>businesses.subscription_status</c>.</summary>
public static class SubscriptionStates
{
    public const string Trial = "trial", Active = "active", PastDue = "past_due", Paused = "paused", Cancelled = "cancelled";
    public static readonly string[] All = [Trial, Active, PastDue, Paused, Cancelled];

    /// <summary>
    /// The allowed moves, as data (STYLE rule 18): anything else is refused with a 409 naming it. Cancelled is final: the
    /// number is given back; a business that returns subscribes again from a new trial (an operator's job).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Next = new Dictionary<string, string[]>
    {
        [Trial] = [Active, PastDue, Paused, Cancelled],
        [Active] = [PastDue, Paused, Cancelled],
        [PastDue] = [Active, Paused, Cancelled],
        [Paused] = [Active, Cancelled],
        [Cancelled] = [],
    };

    public static bool Allowed(string from, string to) => Next.TryGetValue(from, out var next) && next.Contains(to);
}

/// <summary>A business's subscription (one row per business in <c>subscriptions</c>).</summary>
public sealed record Subscription
{
    public string BusinessId { get; init; } = "";
    public string Plan { get; init; } = "";
    public string State { get; init; } = SubscriptionStates.Trial;
    public DateTimeOffset TrialEndsAt { get; init; }
    public DateTimeOffset? CurrentPeriodStart { get; init; }
    public DateTimeOffset? CurrentPeriodEnd { get; init; }
    public DateTimeOffset? PastDueSince { get; init; }
    public bool HasPaymentMethod { get; init; }
    public string Provider { get; init; } = "";
    public string? ProviderCustomerId { get; init; }
    public string? ProviderSubscriptionId { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
