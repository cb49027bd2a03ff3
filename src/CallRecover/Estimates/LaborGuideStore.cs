using CallRecover.Data;
using Dapper;

namespace CallRecover.Estimates;

/// <summary>Each business's labor guide (table labor_guide): read for estimates, replaced whole by an import.</summary>
public sealed class LaborGuideStore(Db db)
{
    private const string Columns = "id, business_id, row_number, repair, keywords AS keywords_json, make, model, year_from, year_to, engine, labor_hours, imported_at";

    public async Task<IReadOnlyList<LaborGuideRow>> ListAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<LaborGuideRow>(new CommandDefinition(
            $"SELECT {Columns} FROM labor_guide WHERE business_id = @businessId ORDER BY row_number", new { businessId }, cancellationToken: ct))];
    }

    /// <summary>The guide inside the caller's transaction (the estimate call sites read it with the catalog).</summary>
    public async Task<IReadOnlyList<LaborGuideRow>> ListAsync(DbTx tx, string businessId) =>
        [.. await tx.Connection.QueryAsync<LaborGuideRow>(
            $"SELECT {Columns} FROM labor_guide WHERE business_id = @businessId ORDER BY row_number", new { businessId }, tx.Transaction)];

    /// <summary>Replaces the business's whole guide with <paramref name="rows"/>; returns how many rows it had before.</summary>
    public async Task<int> ReplaceAsync(DbTx tx, string businessId, IReadOnlyList<LaborGuideRow> rows, DateTimeOffset now)
    {
        // Two imports at once (PostgreSQL) would each delete the rows they saw and both insert: one at a time per business.
        await tx.LockAsync($"labor_guide:{businessId}");
        var removed = await tx.Connection.ExecuteAsync("DELETE FROM labor_guide WHERE business_id = @businessId", new { businessId }, tx.Transaction);
        foreach (var r in rows)
            await tx.Connection.ExecuteAsync("""
                INSERT INTO labor_guide (id, business_id, row_number, repair, keywords, make, model, year_from, year_to, engine, labor_hours, imported_at)
                VALUES (@Id, @businessId, @RowNumber, @Repair, @KeywordsJson, @Make, @Model, @YearFrom, @YearTo, @Engine, @LaborHours, @now)
                """, new { Id = Common.Ids.New(), businessId, r.RowNumber, r.Repair, r.KeywordsJson, r.Make, r.Model, r.YearFrom, r.YearTo, r.Engine, r.LaborHours, now }, tx.Transaction);
        return removed;
    }
}
