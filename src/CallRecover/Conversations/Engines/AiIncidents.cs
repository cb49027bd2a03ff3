using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Conversations.Engines;

/// <summary>A problem with the AI provider the operator has to act on (top up quota, fix the key).</summary>
public sealed record AiIncident
{
    public string Id { get; init; } = "";
    public string? BusinessId { get; init; }
    public string Kind { get; init; } = "";
    public string Detail { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Records AI provider incidents for the operator (GET /api/admin/ai/incidents).</summary>
public sealed class AiIncidents(Db db, TimeProvider clock)
{
    public Task RecordAsync(string? businessId, string kind, string detail, CancellationToken ct = default) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "INSERT INTO ai_incidents (id, business_id, kind, detail, created_at) VALUES (@Id, @businessId, @kind, @detail, @Now)",
            new { Id = Ids.New(), businessId, kind, detail = detail.Length > 1000 ? detail[..1000] : detail, Now = clock.GetUtcNow() }, tx.Transaction), ct);

    public async Task<IReadOnlyList<AiIncident>> ListAsync(int limit = 100, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<AiIncident>(
            "SELECT id, business_id, kind, detail, created_at FROM ai_incidents ORDER BY created_at DESC, id LIMIT @limit", new { limit })];
    }
}
