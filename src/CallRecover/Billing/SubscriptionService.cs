using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Payments;
using CallRecover.Queue;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Billing;

/// <summary>The outcome of a change: the subscription, or why not (unknown business, a refused move).</summary>
public sealed record SubscriptionChange(Subscription? Subscription, string? NotFound = null, string? Refused = null, bool Duplicate = false);

/// <summary>The provider event a change comes from: recorded in the change's transaction, so each is applied once.</summary>
public sealed record ProviderEvent(string Provider, string EventId, string Type);

/// <summary>What a cancelled subscription leaves to do, durably: stop the provider's charges and give the number back.</summary>
public sealed record SubscriptionCancelledPayload(string BusinessId, string? ProviderSubscriptionId, bool CancelAtProvider);

/// <summary>
/// A business's subscription: its plan, its state machine (<see cref="SubscriptionStates.Next"/>), billing through the
/// payment provider and the cancellation. Every change is audited and mirrored in <c>businesses.subscription_status</c>,
/// which the one texting policy reads (paused and cancelled businesses text nobody; past_due is a grace period and still
/// texts until the lifecycle task pauses it after <c>Subscriptions:PastDueGraceDays</c>).
/// </summary>
public sealed class SubscriptionService(Db db, SubscriptionStore store, BusinessStore businesses, AuditLog audit, WorkQueue queue,
    IPaymentProvider provider, IOptions<SubscriptionsOptions> options, IOptions<PaymentsOptions> payments, TimeProvider clock)
{
    public const string CancelledKind = "subscription.cancelled";
    public const string PlanChangedKind = "subscription.plan_changed";

    /// <summary>The business's subscription, created as a trial on the default plan when it has none yet.</summary>
    public async Task<Subscription?> EnsureAsync(string businessId, CancellationToken ct = default) =>
        await store.GetAsync(businessId, ct) ?? await db.WriteAsync(tx => EnsureAsync(tx, businessId), ct);

    private async Task<Subscription?> EnsureAsync(DbTx tx, string businessId)
    {
        if (await store.GetAsync(tx, businessId) is { } existing) return existing;
        if (await businesses.GetAsync(tx, businessId) is not { } b) return null;
        var now = clock.GetUtcNow();
        // A business that existed before subscriptions keeps the status it had, and its trial counts from now, not from its
        // creation: an upgrade must not put every older business past due (and paused a week later) at once. A new
        // business gets its row within minutes of being created (the lifecycle task, or the first look).
        var state = SubscriptionStates.All.Contains(b.SubscriptionStatus) ? b.SubscriptionStatus : SubscriptionStates.Trial;
        var s = new Subscription
        {
            BusinessId = b.Id, Plan = options.Value.DefaultPlan, State = state, TrialEndsAt = (b.CreatedAt > now ? b.CreatedAt : now).AddDays(options.Value.TrialDays),
            PastDueSince = state == SubscriptionStates.PastDue ? now : null, Provider = provider.Name,
            CancelledAt = state == SubscriptionStates.Cancelled ? now : null, CreatedAt = now, UpdatedAt = now,
        };
        // Not audited: nobody did anything (the row's created_at says when the trial began); every change after it is.
        await store.InsertIfMissingAsync(tx, s);
        return await store.GetAsync(tx, businessId);
    }

    /// <summary>Moves the subscription to <paramref name="to"/> when the state machine allows it (the same state: nothing changes).</summary>
    public Task<SubscriptionChange> MoveAsync(string businessId, string to, string actor, string reason, CancellationToken ct = default) =>
        ChangeAsync(businessId, actor, reason, s => s with { State = to }, ct);

    /// <summary>Moves to another plan (the allowance and the price of the next period).</summary>
    public Task<SubscriptionChange> ChangePlanAsync(string businessId, string plan, string actor, CancellationToken ct = default) =>
        ChangeAsync(businessId, actor, "plan_changed", s => s with { Plan = plan }, ct);

    /// <summary>
    /// Applies a change in one transaction: the state machine's guard, the row, the business's status, the audit entry and,
    /// on cancellation, the durable work item that stops the provider's charges and releases the number.
    /// </summary>
    public async Task<SubscriptionChange> ChangeAsync(string businessId, string actor, string reason, Func<Subscription, Subscription> change,
        CancellationToken ct = default, bool cancelAtProvider = true, ProviderEvent? fromEvent = null) =>
        await db.WriteAsync(async tx =>
        {
            await tx.LockAsync("subscription:" + businessId);
            if (await EnsureAsync(tx, businessId) is not { } current) return new SubscriptionChange(null, NotFound: businessId);
            if (fromEvent is not null && !await store.RecordEventAsync(tx, fromEvent.Provider, fromEvent.EventId, businessId, fromEvent.Type, clock.GetUtcNow()))
                return new SubscriptionChange(current, Duplicate: true);
            var next = change(current);
            if (next.State != current.State && !SubscriptionStates.Allowed(current.State, next.State))
                return new SubscriptionChange(current, Refused: $"A {current.State} subscription cannot become {next.State}.");
            if (next == current) return new SubscriptionChange(current);
            var now = clock.GetUtcNow();
            next = next with
            {
                PastDueSince = next.State == SubscriptionStates.PastDue ? current.PastDueSince ?? now : null,
                CancelledAt = next.State == SubscriptionStates.Cancelled ? current.CancelledAt ?? now : null,
                UpdatedAt = now,
            };
            await store.UpdateAsync(tx, next);
            // A plan changed here (not by the provider's own event) on a subscription the provider already bills: the
            // provider's price follows, durably (the handler reads the plan when it runs, so the last change wins).
            if (next.Plan != current.Plan && fromEvent is null && current.ProviderSubscriptionId is not null && next.State != SubscriptionStates.Cancelled)
                await queue.EnqueueAsync(tx, new NewWork(PlanChangedKind, new SubscriptionPlanChangedPayload(businessId), BusinessId: businessId,
                    DedupeKey: $"{PlanChangedKind}:{businessId}:{Ids.New()}", MaxAttempts: 12));
            if (next.State != current.State)
            {
                await businesses.SetSubscriptionStatusAsync(tx, businessId, next.State, now);
                if (next.State == SubscriptionStates.Cancelled)
                    await queue.EnqueueAsync(tx, new NewWork(CancelledKind,
                        new SubscriptionCancelledPayload(businessId, next.ProviderSubscriptionId, cancelAtProvider && next.ProviderSubscriptionId is not null),
                        BusinessId: businessId, DedupeKey: $"{CancelledKind}:{businessId}", MaxAttempts: 12));
            }
            await audit.WriteAsync(tx, businessId, actor, "subscription", businessId, reason, new
            {
                from = current.State, to = next.State, planFrom = current.Plan, planTo = next.Plan,
                next.CurrentPeriodEnd, next.HasPaymentMethod,
            });
            return new SubscriptionChange(next);
        }, ct);

    /// <summary>Opens the provider's checkout where the owner adds a card (and picks a plan); returns the page to send them to.</summary>
    public async Task<string?> StartCheckoutAsync(Business business, string? plan, string returnPath, CancellationToken ct = default)
    {
        if (await EnsureAsync(business.Id, ct) is not { } s || s.State == SubscriptionStates.Cancelled) return null;
        var key = plan ?? s.Plan;
        if (options.Value.Plan(key) is not { } p) return null;
        // The plan chosen at checkout is the subscription's from now on (the simulator's page and the activation read it).
        if (key != s.Plan && (await ChangePlanAsync(business.Id, key, "owner", ct)).Refused is not null) return null;
        var session = await provider.CreateSubscriptionCheckoutAsync(new SubscriptionCheckoutRequest(business.Id, business.Name, business.OwnerEmail, key, p.Name,
            p.MonthlyPriceCents, payments.Value.Currency, p.StripePriceId, s.ProviderCustomerId, returnPath, "sub_checkout_" + Ids.New()), ct);
        await db.WriteAsync(async tx =>
        {
            await store.SetCheckoutRefAsync(tx, business.Id, session.ProviderRef, clock.GetUtcNow());
            await audit.WriteAsync(tx, business.Id, "owner", "subscription", business.Id, "checkout_started", new { plan = key, provider = provider.Name });
        }, ct);
        return session.Url;
    }

    /// <summary>
    /// The provider says the card is on file and the plan is paid: the subscription becomes active for a month from now
    /// (Stripe's events bring their own period).
    /// </summary>
    public Task<SubscriptionChange> ActivateAsync(string businessId, string? plan, string actor, string? customerId, string? subscriptionId,
        DateTimeOffset? periodStart, DateTimeOffset? periodEnd, CancellationToken ct = default, ProviderEvent? fromEvent = null)
    {
        var now = clock.GetUtcNow();
        return ChangeAsync(businessId, actor, "activated", s => s with
        {
            State = SubscriptionStates.Active, Plan = plan is not null && options.Value.Plan(plan) is not null ? plan : s.Plan, HasPaymentMethod = true,
            ProviderCustomerId = customerId ?? s.ProviderCustomerId, ProviderSubscriptionId = subscriptionId ?? s.ProviderSubscriptionId,
            Provider = provider.Name, CurrentPeriodStart = periodStart ?? now, CurrentPeriodEnd = periodEnd ?? now.AddMonths(1),
        }, ct, fromEvent: fromEvent);
    }

    /// <summary>Whole days left of the trial (0 once it ended; null when not on trial).</summary>
    public int? TrialDaysLeft(Subscription s) =>
        s.State != SubscriptionStates.Trial ? null : Math.Max(0, (int)Math.Ceiling((s.TrialEndsAt - clock.GetUtcNow()).TotalDays));
}

/// <summary>
/// After a cancellation (<c>subscription.cancelled</c>): stops the provider's subscription (unless the provider told us it
/// ended) and releases the business's bought number through the carrier. Calls, leads and messages stay. A failure is
/// retried by the queue; a number already released is nothing to do.
/// </summary>
public sealed class SubscriptionCancelledHandler(IPaymentProvider provider, PhoneNumberService numbers) : IWorkHandler
{
    public string Kind => SubscriptionService.CancelledKind;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<SubscriptionCancelledPayload>();
        if (p.CancelAtProvider && p.ProviderSubscriptionId is { } sub)
            await provider.CancelSubscriptionAsync(sub, $"cancel_{sub}", ct);
        if (await numbers.ReleaseAsync(p.BusinessId, "system:subscription_cancelled", ct) is { Ok: false } failed)
            throw new InvalidOperationException(failed.Failure!.Sentence);
    }
}

/// <summary>A plan change the payment provider must follow (<c>subscription.plan_changed</c>).</summary>
public sealed record SubscriptionPlanChangedPayload(string BusinessId);

/// <summary>
/// Charges the provider's subscription at the subscription's plan as it is now (Stripe: the item moved to the plan's price,
/// prorated). The idempotency key names the plan and the row's version, so a retry is one change at Stripe.
/// </summary>
public sealed class SubscriptionPlanChangedHandler(SubscriptionStore store, IPaymentProvider provider, IOptions<SubscriptionsOptions> options,
    IOptions<PaymentsOptions> payments) : IWorkHandler
{
    public string Kind => SubscriptionService.PlanChangedKind;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<SubscriptionPlanChangedPayload>();
        if (await store.GetAsync(p.BusinessId, ct) is not { ProviderSubscriptionId: { } sub } s || s.State == SubscriptionStates.Cancelled) return;
        if (options.Value.Plan(s.Plan) is not { } plan) return;
        await provider.ChangeSubscriptionPlanAsync(sub, new SubscriptionPlanPrice(s.Plan, plan.MonthlyPriceCents, payments.Value.Currency, plan.StripePriceId),
            $"plan_{sub}_{s.Plan}_{s.UpdatedAt.ToUnixTimeMilliseconds()}", ct);
    }
}

/// <summary>
/// Trials that ended without a card become past_due; past-due subscriptions whose grace period ended are paused (the
/// texting policy then stops automated texts). Also gives every business without a subscription its trial.
/// </summary>
public sealed class SubscriptionLifecycleTask(SubscriptionStore store, SubscriptionService service, IOptions<SubscriptionsOptions> options, TimeProvider clock)
    : IScheduledTask
{
    public string Key => "subscriptions.lifecycle";
    public string Name => "Subscription trials and grace periods";
    public string Description => "Moves trials that ended without a card to past_due, and pauses past-due subscriptions after the grace period.";
    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        foreach (var id in await store.BusinessesWithoutAsync(ct)) await service.EnsureAsync(id, ct);
        var now = clock.GetUtcNow();
        var ended = 0;
        foreach (var id in await store.EndedTrialsAsync(now, ct))
            if ((await service.MoveAsync(id, SubscriptionStates.PastDue, "system", "trial_ended", ct)).Refused is null) ended++;
        var paused = 0;
        foreach (var id in await store.GraceEndedAsync(now.AddDays(-options.Value.PastDueGraceDays), ct))
            if ((await service.MoveAsync(id, SubscriptionStates.Paused, "system", "grace_ended", ct)).Refused is null) paused++;
        return $"{ended} trials ended, {paused} past-due subscriptions paused";
    }
}
