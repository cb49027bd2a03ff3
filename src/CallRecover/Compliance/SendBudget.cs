using System.ComponentModel.DataAnnotations;
using CallRecover.Data;

namespace CallRecover.Compliance;

/// <summary>Settings under <c>SendBudget</c>: the default send budget of a business that has none of its own.</summary>
public sealed class SendBudgetOptions : IValidatableObject
{
    public const string Section = "SendBudget";

    /// <summary>Texts per second per sending number when the business has no budget of its own (a low-volume 10DLC brand: 1).</summary>
    public int DefaultPerSecond { get; set; } = 1;

    /// <summary>Texts per day (UTC day) per sending number when the business has no budget of its own (T-Mobile's low tier: 1,000).</summary>
    public int DefaultPerDay { get; set; } = 1000;

    /// <summary>
    /// Share of the daily budget (percent) campaigns leave for everything else, so that callers who ring later in the
    /// day are still answered within the carrier's daily cap.
    /// </summary>
    public int CampaignDailyReservePercent { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultPerSecond is < 1 or > SendBudget.MaxPerSecond)
            yield return new ValidationResult($"SendBudget:DefaultPerSecond must be between 1 and {SendBudget.MaxPerSecond}.", [nameof(DefaultPerSecond)]);
        if (DefaultPerDay is < 1 or > SendBudget.MaxPerDay)
            yield return new ValidationResult($"SendBudget:DefaultPerDay must be between 1 and {SendBudget.MaxPerDay}.", [nameof(DefaultPerDay)]);
        if (CampaignDailyReservePercent is < 0 or > 90)
            yield return new ValidationResult("SendBudget:CampaignDailyReservePercent must be between 0 and 90.", [nameof(CampaignDailyReservePercent)]);
    }
}

/// <summary>How urgent a text is for the send budget; a lower tier never waits for a higher one.</summary>
public enum SendTier
{
    /// <summary>Replies to a caller and texts about something they asked for (text-back, booking, reminders, ETA, quotes,
    /// a person's own text, compliance answers, owner alerts): always sent, counted against the budget.</summary>
    Transactional = 0,
    FollowUp = 1,
    Review = 2,
    /// <summary>Takes only what is left.</summary>
    Campaign = 3,
}

/// <summary>Whether a text may go now under the budget, or when to try again.</summary>
public sealed record BudgetGrant(bool Granted, DateTimeOffset? RetryAt = null)
{
    public static readonly BudgetGrant Go = new(true);
}

/// <summary>
/// The carrier-aware send budget (issue #19), asked by the one send path at the moment a text is handed to the carrier,
/// in the same transaction that marks the text sending. Counts every outbound text, per business and sending number,
/// per second and per (UTC) day, in counters shared by every node. Transactional texts always go (and count); follow-ups,
/// then review requests, then campaigns take what is left: a less urgent text waits while a more urgent one from the
/// same number is due, and campaigns leave <see cref="SendBudgetOptions.CampaignDailyReservePercent"/> of the day.
/// </summary>
public sealed class SendBudget(SendBudgetStore store, Microsoft.Extensions.Options.IOptions<SendBudgetOptions> options, TimeProvider clock)
{
    public const int MaxPerSecond = 1000, MaxPerDay = 10_000_000;

    /// <summary>A text held for the per-second budget comes back within this many milliseconds of the next second.</summary>
    public const int NextSecondSpreadMs = 100;

    public static SendTier TierOf(string? purpose) => purpose switch
    {
        SmsPurposes.FollowUp or SmsPurposes.JobCompleted => SendTier.FollowUp,
        SmsPurposes.Review => SendTier.Review,
        SmsPurposes.Campaign => SendTier.Campaign,
        _ => SendTier.Transactional,
    };

    /// <summary>The purposes of the tiers above <paramref name="tier"/> that are not transactional, plus the transactional ones.</summary>
    public static IReadOnlyList<string> MoreUrgentThan(SendTier tier) =>
        [.. AllPurposes.Where(p => TierOf(p) < tier)];

    /// <summary>Every purpose <see cref="SmsPurposes"/> names, read from its constants so a purpose added there is never missed here.</summary>
    private static readonly string[] AllPurposes =
    [
        .. typeof(SmsPurposes).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!),
    ];

    /// <summary>The business's limits: its own, else the defaults.</summary>
    public async Task<SendLimits> LimitsAsync(string businessId, CancellationToken ct = default) =>
        await store.GetAsync(businessId, ct) ?? Defaults;

    public SendLimits Defaults => new() { PerSecond = options.Value.DefaultPerSecond, PerDay = options.Value.DefaultPerDay };

    /// <summary>
    /// Takes a slot for one text from <paramref name="fromPhone"/> inside the sending transaction. Transactional texts
    /// always get one (a reply to a caller is never held for marketing; past the budget the carrier queues it or
    /// filters it, which beats not answering). Others get one when no more urgent text is due, the day and the second
    /// have room; else the time to try again (the start of the next second, or the next day), with a little jitter so
    /// held texts do not all come back at the same instant.
    /// </summary>
    public async Task<BudgetGrant> TakeAsync(DbTx tx, string businessId, string fromPhone, string? purpose)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        var second = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var day = new DateTimeOffset(now.Date, TimeSpan.Zero);
        var tier = TierOf(purpose);
        if (tier == SendTier.Transactional)
        {
            await store.TryCountAsync(tx, businessId, fromPhone, SendBudgetStore.Day, day, int.MaxValue);
            await store.TryCountAsync(tx, businessId, fromPhone, SendBudgetStore.Second, second, int.MaxValue);
            return BudgetGrant.Go;
        }

        // Back at the start of the next second (the worker wakes for it), spread over its first tenth: a second whose
        // slots are not all taken is never made up, so held texts must be there when it opens, not at a random moment of it.
        var nextSecond = second.AddSeconds(1).AddMilliseconds(Random.Shared.Next(0, NextSecondSpreadMs));
        if (await store.MoreUrgentWaitingAsync(tx, businessId, fromPhone, MoreUrgentThan(tier), now)) return new BudgetGrant(false, nextSecond);
        var limits = await store.GetAsync(tx, businessId) ?? Defaults;
        var perDay = tier == SendTier.Campaign ? Math.Max(1, limits.PerDay - limits.PerDay * options.Value.CampaignDailyReservePercent / 100) : limits.PerDay;
        if (!await store.TryCountAsync(tx, businessId, fromPhone, SendBudgetStore.Day, day, perDay))
            return new BudgetGrant(false, day.AddDays(1).AddSeconds(Random.Shared.Next(0, 600)));
        if (!await store.TryCountAsync(tx, businessId, fromPhone, SendBudgetStore.Second, second, limits.PerSecond))
        {
            await store.UncountAsync(tx, businessId, fromPhone, SendBudgetStore.Day, day);
            return new BudgetGrant(false, nextSecond);
        }
        return BudgetGrant.Go;
    }
}
