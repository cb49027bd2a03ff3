using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Compliance;

/// <summary>One number a business never texts (staff, family, suppliers).</summary>
public sealed record DoNotTextEntry
{
    public string Id { get; init; } = "";
    public string Phone { get; init; } = "";
    public string? Label { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Each business's do-not-text list, always scoped by business.</summary>
public sealed class DoNotTextStore(Db db, TimeProvider clock)
{
    public async Task<IReadOnlyList<DoNotTextEntry>> ListAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<DoNotTextEntry>(
            "SELECT id, phone, label, created_at FROM do_not_text WHERE business_id = @businessId ORDER BY created_at, id", new { businessId })];
    }

    /// <summary>Adds a number (E.164); an existing entry keeps its id and gets the new label. Returns the entry and whether it is new.</summary>
    public async Task<(DoNotTextEntry Entry, bool Created)> AddAsync(string businessId, string phone, string? label, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            const string select = "SELECT id, phone, label, created_at FROM do_not_text WHERE business_id = @businessId AND phone = @phone";
            var existing = await tx.Connection.QuerySingleOrDefaultAsync<DoNotTextEntry>(select, new { businessId, phone }, tx.Transaction);
            if (existing is not null)
            {
                await tx.Connection.ExecuteAsync("UPDATE do_not_text SET label = @label WHERE business_id = @businessId AND id = @Id",
                    new { label, businessId, existing.Id }, tx.Transaction);
                return (existing with { Label = label }, false);
            }
            await tx.Connection.ExecuteAsync("""
                INSERT INTO do_not_text (id, business_id, phone, label, created_at) VALUES (@Id, @businessId, @phone, @label, @Now)
                ON CONFLICT (business_id, phone) DO NOTHING
                """, new { Id = Ids.New(), businessId, phone, label, Now = clock.GetUtcNow() }, tx.Transaction);
            return (await tx.Connection.QuerySingleAsync<DoNotTextEntry>(select, new { businessId, phone }, tx.Transaction), true);
        }, ct);

    public async Task<bool> RemoveAsync(string businessId, string phone, CancellationToken ct = default) =>
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync("DELETE FROM do_not_text WHERE business_id = @businessId AND phone = @phone",
            new { businessId, phone }, tx.Transaction), ct) > 0;
}
