using CallRecover.Data;
using Dapper;

namespace CallRecover.Payments;

/// <summary>Checkouts started at a provider, and the provider webhook events already handled (idempotency).</summary>
public sealed class PaymentStore(Db db, TimeProvider clock)
{
    private const string Columns = "id, business_id, invoice_id, provider, provider_ref, status, amount_cents, currency, created_at, paid_at, checkout_url";

    public async Task InsertAsync(DbTx tx, Payment payment) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO payments ({Columns}) VALUES (@Id, @BusinessId, @InvoiceId, @Provider, @ProviderRef, @Status, @AmountCents, @Currency,
                @CreatedAt, @PaidAt, @CheckoutUrl)
            """, payment, tx.Transaction);

    /// <summary>
    /// The newest checkout of this invoice still open at <paramref name="provider"/> for this amount (pending, started
    /// after <paramref name="since"/>), if any: a second tab or a second tap goes back to it.
    /// </summary>
    public async Task<Payment?> OpenCheckoutAsync(string businessId, string invoiceId, string provider, long amountCents, string currency, DateTimeOffset since,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<Payment>($"""
            SELECT {Columns} FROM payments
            WHERE business_id = @businessId AND invoice_id = @invoiceId AND provider = @provider AND status = 'pending' AND amount_cents = @amountCents
              AND currency = @currency AND created_at > @since AND checkout_url IS NOT NULL
            ORDER BY created_at DESC, id DESC
            """, new { businessId, invoiceId, provider, amountCents, currency, since });
    }

    /// <summary>The checkout a provider's session id names (unique per provider, across businesses): how a webhook finds its business.</summary>
    public async Task<Payment?> ByProviderRefAsync(string provider, string providerRef, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Payment>($"SELECT {Columns} FROM payments WHERE provider = @provider AND provider_ref = @providerRef",
            new { provider, providerRef });
    }

    public async Task<IReadOnlyList<Payment>> ForInvoiceAsync(string businessId, string invoiceId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Payment>($"SELECT {Columns} FROM payments WHERE business_id = @businessId AND invoice_id = @invoiceId ORDER BY created_at, id",
            new { businessId, invoiceId })];
    }

    /// <summary>Marks a pending checkout paid, once; false when it was already paid.</summary>
    public async Task<bool> TryMarkPaidAsync(DbTx tx, string businessId, string paymentId) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE payments SET status = 'paid', paid_at = @now WHERE business_id = @businessId AND id = @paymentId AND status = 'pending'
            """, new { businessId, paymentId, now = clock.GetUtcNow() }, tx.Transaction) == 1;

    /// <summary>Records a provider's event id; false when it was recorded before (a replay).</summary>
    public async Task<bool> TryRecordEventAsync(DbTx tx, string provider, string eventId, string businessId, string type, string? paymentId) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO payment_events (provider, event_id, business_id, type, payment_id, received_at) VALUES (@provider, @eventId, @businessId, @type, @paymentId, @now)
            ON CONFLICT (provider, event_id) DO NOTHING
            """, new { provider, eventId, businessId, type, paymentId, now = clock.GetUtcNow() }, tx.Transaction) == 1;

    public async Task<int> EventCountAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM payment_events WHERE business_id = @businessId", new { businessId });
    }
}
