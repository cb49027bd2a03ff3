using CallRecover.Data;
using Dapper;

namespace CallRecover.Billing;

/// <summary>The only writer of <c>subscriptions</c> and <c>subscription_events</c>.</summary>
public sealed class SubscriptionStore(Db db)
{
    private const string Columns = """
        business_id, plan, state, trial_ends_at, current_period_start, current_period_end, past_due_since, has_payment_method, provider,
        provider_customer_id, provider_subscription_id, cancelled_at, created_at, updated_at
        """;

    public async Task<Subscription?> GetAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Subscription>(new CommandDefinition(
            $"SELECT {Columns} FROM subscriptions WHERE business_id = @businessId", new { businessId }, cancellationToken: ct));
    }

    public async Task<Subscription?> GetAsync(DbTx tx, string businessId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Subscription>(
            $"SELECT {Columns} FROM subscriptions WHERE business_id = @businessId", new { businessId }, tx.Transaction);

    /// <summary>The business whose pending checkout has this provider reference (the simulator's "add a card" page).</summary>
    public async Task<Subscription?> ByCheckoutRefAsync(string checkoutRef, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Subscription>(new CommandDefinition(
            $"SELECT {Columns} FROM subscriptions WHERE checkout_ref = @checkoutRef", new { checkoutRef }, cancellationToken: ct));
    }

    public async Task<Subscription?> ByProviderIdsAsync(string provider, string? subscriptionId, string? customerId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<Subscription>(new CommandDefinition($"""
            SELECT {Columns} FROM subscriptions
            WHERE provider = @provider AND ((@subscriptionId IS NOT NULL AND provider_subscription_id = @subscriptionId)
                OR (@customerId IS NOT NULL AND provider_customer_id = @customerId))
            ORDER BY updated_at DESC LIMIT 1
            """, new { provider, subscriptionId, customerId }, cancellationToken: ct));
    }

    /// <summary>Creates the row when the business has none yet; false when it already had one.</summary>
    public async Task<bool> InsertIfMissingAsync(DbTx tx, Subscription s) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO subscriptions ({Columns})
            VALUES (@BusinessId, @Plan, @State, @TrialEndsAt, @CurrentPeriodStart, @CurrentPeriodEnd, @PastDueSince, @HasPaymentMethod, @Provider,
                    @ProviderCustomerId, @ProviderSubscriptionId, @CancelledAt, @CreatedAt, @UpdatedAt)
            ON CONFLICT (business_id) DO NOTHING
            """, s, tx.Transaction) > 0;

    public async Task UpdateAsync(DbTx tx, Subscription s) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE subscriptions SET plan = @Plan, state = @State, trial_ends_at = @TrialEndsAt, current_period_start = @CurrentPeriodStart,
                current_period_end = @CurrentPeriodEnd, past_due_since = @PastDueSince, has_payment_method = @HasPaymentMethod, provider = @Provider,
                provider_customer_id = @ProviderCustomerId, provider_subscription_id = @ProviderSubscriptionId, cancelled_at = @CancelledAt,
                updated_at = @UpdatedAt
            WHERE business_id = @BusinessId
            """, s, tx.Transaction);

    public async Task SetCheckoutRefAsync(DbTx tx, string businessId, string? checkoutRef, DateTimeOffset at) =>
        await tx.Connection.ExecuteAsync("UPDATE subscriptions SET checkout_ref = @checkoutRef, updated_at = @at WHERE business_id = @businessId",
            new { businessId, checkoutRef, at }, tx.Transaction);

    /// <summary>Every business that has no subscription row yet (the lifecycle task creates their trials).</summary>
    public async Task<IReadOnlyList<string>> BusinessesWithoutAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT b.id FROM businesses b WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.business_id = b.id) ORDER BY b.id", cancellationToken: ct))];
    }

    /// <summary>Trials that ended without a payment method on file.</summary>
    public async Task<IReadOnlyList<string>> EndedTrialsAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT business_id FROM subscriptions WHERE state = 'trial' AND trial_ends_at <= @now AND NOT has_payment_method ORDER BY business_id",
            new { now }, cancellationToken: ct))];
    }

    /// <summary>Past-due subscriptions whose grace period ended.</summary>
    public async Task<IReadOnlyList<string>> GraceEndedAsync(DateTimeOffset pastDueBefore, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT business_id FROM subscriptions WHERE state = 'past_due' AND past_due_since <= @pastDueBefore ORDER BY business_id",
            new { pastDueBefore }, cancellationToken: ct))];
    }

    /// <summary>Records a provider event; false when it was already handled (a retried webhook).</summary>
    public async Task<bool> RecordEventAsync(DbTx tx, string provider, string eventId, string businessId, string type, DateTimeOffset at) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO subscription_events (provider, event_id, business_id, type, received_at) VALUES (@provider, @eventId, @businessId, @type, @at)
            ON CONFLICT (provider, event_id) DO NOTHING
            """, new { provider, eventId, businessId, type, at }, tx.Transaction) > 0;
}
