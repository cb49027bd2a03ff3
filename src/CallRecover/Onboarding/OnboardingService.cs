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
    PhoneNumberService numbers, ICarrierNumbers carrier, CallStore calls, AuditLog audit, TimeProvider clock)
{
    /// <summary>At most one forwarding test call per business in this time (each rings the owner's line and costs a call).</summary>
    public static readonly TimeSpan TestCallSpacing = TimeSpan.FromSeconds(60);

    /// <summary>What the test call says if someone (or the line's voicemail) answers it.</summary>
    public const string TestCallWords = "This is CallRecover, testing the call forwarding on this line. There is no need to answer; you can hang up now.";

    private readonly Dictionary<string, DateTimeOffset> _lastTest = [];

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

    /// <summary>
    /// "Call me to test": CallRecover calls the owner's business line from the business's own CallRecover number
    /// (<c>Calls.json</c>). Nobody should answer: when the line's conditional forwarding is on, the unanswered call comes
    /// back to the CallRecover number, where it is stored like any call (and, coming from our own number, is no lead and
    /// gets no text). Returns when the test started, or why not (no number yet, a test less than a minute ago, the carrier).
    /// </summary>
    public async Task<(DateTimeOffset? StartedAt, string? Problem)> StartForwardingTestAsync(string businessId, string actor, CancellationToken ct = default)
    {
        var business = await businessStore.GetAsync(businessId, ct);
        if (business?.CarrierNumber is not { } number) return (null, "Choose your CallRecover number first.");
        var now = clock.GetUtcNow();
        lock (_lastTest)
        {
            if (now - _lastTest.GetValueOrDefault(businessId, DateTimeOffset.MinValue) < TestCallSpacing)
                return (null, "A test call was placed less than a minute ago: let it ring out, then try again.");
            _lastTest[businessId] = now;
        }
        var placed = await carrier.CallAsync(number, business.BusinessPhone, Twiml.Say(TestCallWords), ct);
        if (!placed.Ok)
        {
            lock (_lastTest) _lastTest.Remove(businessId);
            return (null, placed.Failure!.Sentence);
        }
        await db.WriteAsync(tx => audit.WriteAsync(tx, businessId, actor, "onboarding", businessId, "forwarding_test", new { callSid = placed.Value }), ct);
        return (now, null);
    }

    /// <summary>
    /// The forwarding test's call once it came back: a call from the business's own number (<paramref name="number"/>, which
    /// the page already has, so its once-a-second check reads only the calls) since <paramref name="since"/>.
    /// </summary>
    public async Task<Call?> ForwardingTestArrivedAsync(string businessId, string number, DateTimeOffset since, CancellationToken ct = default) =>
        (await calls.ListAsync(businessId, from: since.AddSeconds(-1), limit: 50, ct: ct)).FirstOrDefault(c => c.CallerPhone == number);

    public async Task CompleteAsync(string businessId, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            await store.CompleteAsync(tx, businessId, clock.GetUtcNow());
            await audit.WriteAsync(tx, businessId, actor, "onboarding", businessId, "completed");
        }, ct);
}
