using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Audit;

public sealed record AuditEntry
{
    public string Id { get; init; } = "";
    public string? BusinessId { get; init; }
    public string Actor { get; init; } = "";
    public string EntityType { get; init; } = "";
    public string EntityId { get; init; } = "";
    public string Action { get; init; } = "";
    public string Details { get; init; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Every state change a person or the engine makes, written in the same transaction as the change.</summary>
public sealed class AuditLog(TimeProvider clock)
{
    /// <param name="actor">Who: <c>operator</c>, <c>user:{id}</c>, <c>engine</c>, <c>carrier</c>, <c>system</c>.</param>
    public async Task WriteAsync(DbTx tx, string? businessId, string actor, string entityType, string entityId, string action, object? details = null) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO audit_log (id, business_id, actor, entity_type, entity_id, action, details, created_at)
            VALUES (@Id, @businessId, @actor, @entityType, @entityId, @action, @Details, @Now)
            """,
            new { Id = Ids.New(), businessId, actor, entityType, entityId, action, Details = details is null ? "{}" : Json.Serialize(details), Now = clock.GetUtcNow() },
            tx.Transaction);

    public static async Task<IReadOnlyList<AuditEntry>> ListAsync(Db db, string businessId, string entityType, string entityId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<AuditEntry>("""
            SELECT id, business_id, actor, entity_type, entity_id, action, details, created_at FROM audit_log
            WHERE business_id = @businessId AND entity_type = @entityType AND entity_id = @entityId ORDER BY created_at, id
            """, new { businessId, entityType, entityId })];
    }
}
