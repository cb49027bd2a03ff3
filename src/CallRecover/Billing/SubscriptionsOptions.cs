using System.ComponentModel.DataAnnotations;

namespace CallRecover.Billing;

/// <summary>One plan a business can subscribe to: a monthly price and what it includes.</summary>
public sealed class PlanOptions
{
    /// <summary>The plan's name as owners see it ("Starter").</summary>
    public string Name { get; set; } = "";

    /// <summary>Price per month in cents (in <c>Payments:Currency</c>).</summary>
    public long MonthlyPriceCents { get; set; }

    /// <summary>SMS segments included per month (GSM-7 160/153 characters, UCS-2 70/67).</summary>
    public int IncludedSegments { get; set; }

    /// <summary>Call minutes included per month (each call rounded up to a minute).</summary>
    public int IncludedCallMinutes { get; set; }

    /// <summary>Stripe's recurring price (price_...) for this plan; unset: the checkout names the price inline.</summary>
    public string? StripePriceId { get; set; }
}

/// <summary>Plans, the trial and the grace period of a business's CallRecover subscription.</summary>
public sealed class SubscriptionsOptions : IValidatableObject
{
    public const string Section = "Subscriptions";

    /// <summary>
    /// The plans by key (lower-case letters, digits, dashes): the built-in starter and pro, whose fields settings can
    /// change (<c>Subscriptions__Plans__pro__MonthlyPriceCents=24900</c>), plus any plan settings add. Get-only: the binder
    /// fills this dictionary, and the settings example (one line per setting) leaves it out — README lists the fields.
    /// </summary>
    public Dictionary<string, PlanOptions> Plans { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["starter"] = new() { Name = "Starter", MonthlyPriceCents = 9_900, IncludedSegments = 1_000, IncludedCallMinutes = 500 },
        ["pro"] = new() { Name = "Pro", MonthlyPriceCents = 19_900, IncludedSegments = 5_000, IncludedCallMinutes = 2_000 },
    };

    /// <summary>The plan a new business's trial is on.</summary>
    public string DefaultPlan { get; set; } = "starter";

    /// <summary>Days a new business tries CallRecover before it needs a payment method.</summary>
    public int TrialDays { get; set; } = 14;

    /// <summary>
    /// Days a past-due business keeps texting (a failed payment, or a trial ended without a card) before it is paused.
    /// </summary>
    public int PastDueGraceDays { get; set; } = 7;

    public PlanOptions? Plan(string? key) => key is not null && Plans.TryGetValue(key, out var p) ? p : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Plans.Count == 0)
            yield return new ValidationResult("Subscriptions:Plans must name at least one plan.", [nameof(Plans)]);
        foreach (var (key, plan) in Plans)
        {
            if (key.Length is 0 or > 40 || !key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                yield return new ValidationResult($"Subscriptions:Plans:{key} — a plan's key must be lower-case letters, digits and dashes.", [nameof(Plans)]);
            if (string.IsNullOrWhiteSpace(plan.Name))
                yield return new ValidationResult($"Subscriptions:Plans:{key}:Name is required.", [nameof(Plans)]);
            if (plan.MonthlyPriceCents is < 0 or > 100_000_000)
                yield return new ValidationResult($"Subscriptions:Plans:{key}:MonthlyPriceCents must be between 0 and 100000000.", [nameof(Plans)]);
            if (plan.IncludedSegments < 0)
                yield return new ValidationResult($"Subscriptions:Plans:{key}:IncludedSegments must not be negative.", [nameof(Plans)]);
            if (plan.IncludedCallMinutes < 0)
                yield return new ValidationResult($"Subscriptions:Plans:{key}:IncludedCallMinutes must not be negative.", [nameof(Plans)]);
        }
        if (Plan(DefaultPlan) is null)
            yield return new ValidationResult($"Subscriptions:DefaultPlan must be one of the plans ({string.Join(", ", Plans.Keys)}), got '{DefaultPlan}'.", [nameof(DefaultPlan)]);
        if (TrialDays is < 0 or > 365)
            yield return new ValidationResult("Subscriptions:TrialDays must be between 0 and 365.", [nameof(TrialDays)]);
        if (PastDueGraceDays is < 0 or > 90)
            yield return new ValidationResult("Subscriptions:PastDueGraceDays must be between 0 and 90.", [nameof(PastDueGraceDays)]);
    }
}
