using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Leads;

/// <summary>Leads, always scoped by business.</summary>
public sealed class LeadStore(Db db, TimeProvider clock)
{
    public const string Columns = """
        id, business_id, phone, name, email, address, service_needed, urgency, preferred_time, status, source,
        estimated_value, notes, field_confidence, cannot_text, created_at, updated_at
        """;

    public async Task<Lead?> GetAsync(string businessId, string leadId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Lead>($"SELECT {Columns} FROM leads WHERE business_id = @businessId AND id = @leadId", new { businessId, leadId });
    }

    public async Task<Lead?> GetAsync(DbTx tx, string businessId, string leadId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Lead>($"SELECT {Columns} FROM leads WHERE business_id = @businessId AND id = @leadId", new { businessId, leadId }, tx.Transaction);

    public async Task<Lead?> GetByPhoneAsync(DbTx tx, string businessId, string phone) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Lead>($"SELECT {Columns} FROM leads WHERE business_id = @businessId AND phone = @phone", new { businessId, phone }, tx.Transaction);

    public async Task<IReadOnlyList<Lead>> ListAsync(string businessId, string? status = null, string? search = null, int limit = 200, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var like = string.IsNullOrWhiteSpace(search) ? null : "%" + search.Trim().ToLowerInvariant() + "%";
        return [.. await conn.QueryAsync<Lead>($"""
            SELECT {Columns} FROM leads
            WHERE business_id = @businessId AND (@status IS NULL OR status = @status)
              AND (@like IS NULL OR LOWER(COALESCE(name,'')) LIKE @like OR phone LIKE @like OR LOWER(COALESCE(address,'')) LIKE @like OR LOWER(COALESCE(service_needed,'')) LIKE @like)
            ORDER BY updated_at DESC, id LIMIT @limit
            """, new { businessId, status, like, limit })];
    }

    /// <summary>How many of the business's leads are in each status (statuses with none are absent).</summary>
    public async Task<Dictionary<string, int>> CountByStatusAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<(string Status, long Count)>(
            "SELECT status, COUNT(*) FROM leads WHERE business_id = @businessId GROUP BY status", new { businessId }))
            .ToDictionary(r => r.Status, r => (int)r.Count);
    }

    /// <summary>Finds the lead for a phone or creates it (one per phone per business; safe under races).</summary>
    public async Task<(Lead Lead, bool Created)> GetOrCreateAsync(DbTx tx, string businessId, string phone, string source, string status = LeadStatuses.New)
    {
        var now = clock.GetUtcNow();
        var id = Ids.New();
        var inserted = await tx.Connection.ExecuteAsync("""
            INSERT INTO leads (id, business_id, phone, urgency, status, source, field_confidence, cannot_text, created_at, updated_at)
            VALUES (@id, @businessId, @phone, 'unknown', @status, @source, '{}', FALSE, @now, @now)
            ON CONFLICT (business_id, phone) DO NOTHING
            """, new { id, businessId, phone, status, source, now }, tx.Transaction);
        var lead = await GetByPhoneAsync(tx, businessId, phone) ?? throw new InvalidOperationException("Lead vanished after upsert.");
        return (lead, inserted == 1);
    }

    public async Task SetStatusAsync(DbTx tx, string businessId, string leadId, string status) =>
        await tx.Connection.ExecuteAsync("UPDATE leads SET status = @status, updated_at = @now WHERE business_id = @businessId AND id = @leadId",
            new { businessId, leadId, status, now = clock.GetUtcNow() }, tx.Transaction);
}
