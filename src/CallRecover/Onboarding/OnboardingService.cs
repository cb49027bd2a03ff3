using System.Text.Json.Nodes;
using CallRecover.Audit;
using CallRecover.Compliance;
using CallRecover.Data;
using CallRecover.Telephony;
using CallRecover.Tenancy;

namespace CallRecover.Onboarding;

public sealed record StepOutcome(Business? Business, Dictionary<string, string[]> Errors, string? Problem = null)
{
    public bool Ok => Business is not null && Errors.Count == 0 && Problem is null;
}

/// <summary>
/// The wizard's work for one business (always the signed-in owner's, from the cookie): each step saves its fields
/// through <see cref="BusinessService"/> (the one validation) and moves the stored step on, so a reload or a restart
/// resumes where the owner was. The number is bought through <see cref="PhoneNumberService"/>, the operator route's code.
/// </summary>
public sealed class OnboardingService(Db db, OnboardingStore store, BusinessService businesses, BusinessStore businessStore,
    PhoneNumberService numbers, AuditLog audit, TimeProvider clock)
{
    public Task<OnboardingProgress?> ProgressAsync(string businessId, CancellationToken ct = default) => store.GetAsync(businessId, ct);

    /// <summary>Saves a step's fields (a JSON merge patch of the business) and, when valid, moves on to <paramref name="next"/>.</summary>
    public async Task<StepOutcome> SaveAsync(string businessId, string actor, JsonObject patch, string next, CancellationToken ct = default)
    {
        var result = await businesses.UpdateAsync(businessId, patch, actor, ct);
        if (result is null) return new(null, [], "This business no longer exists.");
        if (!result.Ok) return new(null, result.Errors, result.Conflict);
        await GoToAsync(businessId, next, ct);
        return new(result.Business, []);
    }

    public async Task GoToAsync(string businessId, string step, CancellationToken ct = default)
    {
        if (!OnboardingSteps.All.Contains(step)) throw new ArgumentOutOfRangeException(nameof(step));
        await db.WriteAsync(tx => store.SetStepAsync(tx, businessId, step, clock.GetUtcNow()), ct);
    }

    /// <summary>The first text a missed caller would get with this greeting: the real composer and the first-text rule (name + opt-out).</summary>
    public static string PreviewFirstText(Business business, string? greeting)
    {
        var b = business with { Greeting = string.IsNullOrWhiteSpace(greeting) ? null : greeting };
        return TextingPolicy.FirstTextBody(b, SmsPurposes.Greeting, MissedCallService.Greeting(b), firstText: true);
    }

    public Task<NumberResult<IReadOnlyList<AvailableNumber>>> SearchAsync(string areaCode, CancellationToken ct) => numbers.SearchAsync(areaCode, ct);

    /// <summary>Buys the chosen number; a business that already has one keeps it (no second number from the wizard or the number screen).</summary>
    public async Task<StepOutcome> BuyAsync(string businessId, string actor, string? phoneNumber, CancellationToken ct)
    {
        var business = await businessStore.GetAsync(businessId, ct);
        if (business is null) return new(null, [], "This business no longer exists.");
        if (business.CarrierNumber is not null) return new(business, [], null);
        var outcome = await numbers.BuyAsync(businessId, phoneNumber, actor, ct);
        if (outcome.BadPhoneNumber is not null) return new(null, new() { ["phoneNumber"] = ["Choose one of the numbers found."] });
        if (outcome.Conflict is not null) return new(null, [], "That number was just taken. Search again and choose another.");
        if (outcome.Failure is not null) return new(null, [], outcome.Failure.Sentence);
        await GoToAsync(businessId, OnboardingSteps.Forwarding, ct);
        return new(outcome.Business, []);
    }

    public async Task CompleteAsync(string businessId, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            await store.CompleteAsync(tx, businessId, clock.GetUtcNow());
            await audit.WriteAsync(tx, businessId, actor, "onboarding", businessId, "completed");
        }, ct);
}
