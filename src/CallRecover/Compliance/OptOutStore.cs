using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Compliance;

/// <summary>Opt-outs (per business, or platform-wide when business is null) and each business's do-not-text list.</summary>
public sealed class OptOutStore(TimeProvider clock)
{
    public async Task<bool> IsOptedOutAsync(DbTx tx, string businessId, string phone) =>
        await tx.Connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM opt_outs WHERE phone = @phone AND (business_id = @businessId OR business_id IS NULL)",
            new { phone, businessId }, tx.Transaction) > 0;

    public async Task<bool> IsDoNotTextAsync(DbTx tx, string businessId, string phone) =>
        await tx.Connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM do_not_text WHERE business_id = @businessId AND phone = @phone",
            new { businessId, phone }, tx.Transaction) > 0;

    /// <summary>Every number the business may not text: opted out (of it or of everyone) and its do-not-text list (a list import checks thousands of rows at once).</summary>
    public async Task<(IReadOnlySet<string> OptedOut, IReadOnlySet<string> DoNotText)> UnreachableAsync(DbTx tx, string businessId)
    {
        var optedOut = await tx.Connection.QueryAsync<string>("SELECT phone FROM opt_outs WHERE business_id = @businessId OR business_id IS NULL", new { businessId }, tx.Transaction);
        var dnt = await tx.Connection.QueryAsync<string>("SELECT phone FROM do_not_text WHERE business_id = @businessId", new { businessId }, tx.Transaction);
        return (optedOut.ToHashSet(), dnt.ToHashSet());
    }

    /// <summary>Records an opt-out; true when it is new.</summary>
    public async Task<bool> OptOutAsync(DbTx tx, string? businessId, string phone, string reason) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO opt_outs (id, phone, business_id, reason, created_at) VALUES (@Id, @phone, @businessId, @reason, @Now)
            ON CONFLICT DO NOTHING
            """, new { Id = Ids.New(), phone, businessId, reason, Now = clock.GetUtcNow() }, tx.Transaction) == 1;

    /// <summary>Lifts this business's opt-out for a phone; true when there was one.</summary>
    public async Task<bool> OptInAsync(DbTx tx, string businessId, string phone) =>
        await tx.Connection.ExecuteAsync("DELETE FROM opt_outs WHERE phone = @phone AND business_id = @businessId",
            new { phone, businessId }, tx.Transaction) > 0;
}
