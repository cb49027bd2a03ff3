using CallRecover.Data;
using Dapper;

namespace CallRecover.Estimates;

/// <summary>Each business's imported risk hints (table risk_hints), replaced whole by an import.</summary>
public sealed class RiskHintStore(Db db)
{
    private const string Columns = "id, business_id, row_number, make, model, year_from, year_to, hint, imported_at";

    public async Task<IReadOnlyList<RiskHint>> ListAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<RiskHint>(new CommandDefinition(
            $"SELECT {Columns} FROM risk_hints WHERE business_id = @businessId ORDER BY row_number", new { businessId }, cancellationToken: ct))];
    }

    /// <summary>Replaces the business's hints with <paramref name="rows"/>; returns how many it had before.</summary>
    public async Task<int> ReplaceAsync(DbTx tx, string businessId, IReadOnlyList<RiskHint> rows, DateTimeOffset now)
    {
        await tx.LockAsync($"risk_hints:{businessId}");
        var removed = await tx.Connection.ExecuteAsync("DELETE FROM risk_hints WHERE business_id = @businessId", new { businessId }, tx.Transaction);
        foreach (var r in rows)
            await tx.Connection.ExecuteAsync("""
                INSERT INTO risk_hints (id, business_id, row_number, make, model, year_from, year_to, hint, imported_at)
                VALUES (@Id, @businessId, @RowNumber, @Make, @Model, @YearFrom, @YearTo, @Hint, @now)
                """, new { Id = Common.Ids.New(), businessId, r.RowNumber, r.Make, r.Model, r.YearFrom, r.YearTo, r.Hint, now }, tx.Transaction);
        return removed;
    }
}
