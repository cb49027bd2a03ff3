using CallRecover.Common;
using CallRecover.Payments;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;
using static CallRecover.Common.PublicPage;

namespace CallRecover.Billing;

/// <summary>A business's subscription as the operator API and the owner's settings show it.</summary>
public sealed record SubscriptionView(Subscription Subscription, string PlanName, long MonthlyPriceCents, int IncludedSegments, int IncludedCallMinutes,
    int? TrialDaysLeft, BusinessUsage Usage);

/// <summary>The operator's change: an action (pause, resume, cancel) and/or another plan.</summary>
public sealed record SubscriptionInput
{
    public string? Action { get; init; }
    public string? Plan { get; init; }
}

/// <summary>
/// The operator's subscription API (<c>GET/POST /api/admin/businesses/{businessId}/subscription</c>) and the payment
/// simulator's "add a card" page (<c>/billing/simulated/{session}</c>, simulated provider only).
/// </summary>
public static class SubscriptionEndpoints
{
    /// <summary>The operator's actions and the state each leads to.</summary>
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>
    {
        ["pause"] = SubscriptionStates.Paused, ["resume"] = SubscriptionStates.Active, ["cancel"] = SubscriptionStates.Cancelled,
    };

    public static AppRoutes MapBilling(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/subscription", async Task<IResult> (string businessId, SubscriptionViews views, CancellationToken ct) =>
            await views.GetAsync(businessId, ct) is { } view ? TypedResults.Ok(view) : Problems.Missing("business", businessId))
            .WithSummary("The business's plan, subscription state, trial, and this month's usage against the plan");
        one.MapPost("/subscription", async Task<IResult> (string businessId, string? by, HttpRequest request, SubscriptionService service,
            SubscriptionViews views, IOptions<SubscriptionsOptions> options, CancellationToken ct) =>
        {
            var (input, bad) = await Problems.ReadObjectAsync<SubscriptionInput>(request, ct);
            if (input is null) return bad!;
            var action = input.Action?.Trim().ToLowerInvariant();
            var plan = input.Plan?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(action) && string.IsNullOrEmpty(plan))
                return Problems.BadField("action", $"Give an action ({string.Join(", ", Actions.Keys)}) or a plan.");
            if (!string.IsNullOrEmpty(action) && !Actions.ContainsKey(action))
                return Problems.BadField("action", $"action must be one of {string.Join(", ", Actions.Keys)}.");
            if (!string.IsNullOrEmpty(plan) && options.Value.Plan(plan) is null)
                return Problems.BadField("plan", $"plan must be one of {string.Join(", ", options.Value.Plans.Keys)}.");
            var actor = Problems.OperatorActor(by);
            if (!string.IsNullOrEmpty(plan))
            {
                var changed = await service.ChangePlanAsync(businessId, plan, actor, ct);
                if (changed.Refused is not null) return Problems.Conflict(changed.Refused);
            }
            if (!string.IsNullOrEmpty(action))
            {
                var moved = await service.MoveAsync(businessId, Actions[action], actor, action, ct);
                if (moved.NotFound is not null) return Problems.Missing("business", businessId);
                if (moved.Refused is not null) return Problems.Conflict(moved.Refused);
            }
            return TypedResults.Ok((await views.GetAsync(businessId, ct))!);
        }).WithSummary("Pause, resume or cancel the subscription (cancelling releases the bought number), or move it to another plan");

        var app = routes.App.MapGroup("").SecretInUrl().RequireRateLimiting(RateLimits.Links);
        app.MapGet("/billing/simulated/{session}", async (string session, IOptions<PaymentsOptions> payments, SubscriptionStore store,
            BusinessStore businesses, IOptions<SubscriptionsOptions> options, CancellationToken ct) =>
        {
            if (!payments.Value.IsSimulated || session.Length > 120 || await store.ByCheckoutRefAsync(session, ct) is not { } s) return PublicPage.NotFound();
            var business = (await businesses.GetAsync(s.BusinessId, ct))!;
            var plan = options.Value.Plan(s.Plan);
            var body = s.HasPaymentMethod && s.State == SubscriptionStates.Active
                ? """<h1>Card added</h1><p class="ok">Your subscription is active.</p><p><a href="/settings#billing">Back to settings</a></p>"""
                : $"""
                  <h1>Add a card (test)</h1>
                  <p class="muted">This is the built-in payment simulator: no card is charged.</p>
                  <section><p>{E(business.Name)}: CallRecover {E(plan?.Name ?? s.Plan)}</p>
                  <p><strong>{Money(plan?.MonthlyPriceCents ?? 0, payments.Value.Currency)}</strong> per month</p>
                  <form method="post" action="/billing/simulated/{E(session)}">
                  <label for="card">Card number (simulated)</label><input id="card" name="card" value="4242 4242 4242 4242" autocomplete="off">
                  <button type="submit">Add card and subscribe</button></form>
                  <p><a href="/settings#billing">Cancel</a></p></section>
                  """;
            return Html("Add a card", body);
        });
        app.MapPost("/billing/simulated/{session}", async (string session, IOptions<PaymentsOptions> payments, SubscriptionStore store,
            SubscriptionService service, CancellationToken ct) =>
        {
            if (!payments.Value.IsSimulated || session.Length > 120 || await store.ByCheckoutRefAsync(session, ct) is not { } s) return PublicPage.NotFound();
            // The simulator is the provider: its confirmation is the "event" (one per session).
            await service.ActivateAsync(s.BusinessId, null, "owner", null, null, null, null, ct,
                new ProviderEvent(PaymentsOptions.Simulated, "evt_" + session, "simulated.subscription_paid"));
            return Results.Redirect("/settings?saved=billing#billing");
        });
        return routes;
    }
}

/// <summary>Builds <see cref="SubscriptionView"/>s: the subscription, its plan and this month's usage against it.</summary>
public sealed class SubscriptionViews(SubscriptionService service, UsageReport usage, IOptions<SubscriptionsOptions> options, TimeProvider clock)
{
    public async Task<SubscriptionView?> GetAsync(string businessId, CancellationToken ct = default)
    {
        if (await service.EnsureAsync(businessId, ct) is not { } s) return null;
        var now = clock.GetUtcNow();
        var month = await usage.ComputeAsync(new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero), ct, businessId);
        var row = month.Businesses.FirstOrDefault(b => b.BusinessId == businessId) ?? new BusinessUsage { BusinessId = businessId };
        var plan = options.Value.Plan(s.Plan);
        return new SubscriptionView(s, plan?.Name ?? s.Plan, plan?.MonthlyPriceCents ?? 0, plan?.IncludedSegments ?? 0, plan?.IncludedCallMinutes ?? 0,
            service.TrialDaysLeft(s), row);
    }
}
