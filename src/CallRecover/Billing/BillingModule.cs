using CallRecover.Common;
using CallRecover.Payments;
using CallRecover.Queue;
using CallRecover.Reports;
using Microsoft.Extensions.Options;

namespace CallRecover.Billing;

/// <summary>
/// Subscriptions (issue 20): plans, each business's subscription and its state machine, billing through the payment
/// provider (the simulator or Stripe), monthly usage metered into <c>usage</c>, and the number released on cancellation.
/// </summary>
public static class BillingModule
{
    public static IServiceCollection AddBilling(this IServiceCollection services)
    {
        services.AddValidatedOptions<SubscriptionsOptions>(SubscriptionsOptions.Section);
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<UsageStore>();
        services.AddSingleton<UsageReport>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<SubscriptionViews>();
        services.AddSingleton<IStripeEventHandler, StripeSubscriptionEvents>();
        services.AddSingleton<IPlanPrice, PlanPrice>();
        services.AddWorkHandler<SubscriptionCancelledHandler>();
        services.AddWorkHandler<SubscriptionPlanChangedHandler>();
        services.AddScheduledTask<SubscriptionLifecycleTask>();
        services.AddScheduledTask<UsageRollupTask>();
        return services;
    }
}

/// <summary>What a paying business's plan costs per month (Reports' ROI when the owner has not set their own cost).</summary>
public sealed class PlanPrice(SubscriptionStore store, IOptions<SubscriptionsOptions> options) : IPlanPrice
{
    public async Task<long?> MonthlyCentsAsync(string businessId, CancellationToken ct = default) =>
        await store.GetAsync(businessId, ct) is { State: SubscriptionStates.Active or SubscriptionStates.PastDue } s && options.Value.Plan(s.Plan) is { } p
            ? p.MonthlyPriceCents : null;
}
