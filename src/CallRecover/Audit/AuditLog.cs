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

/// <summary>What the audit viewer filters on; nulls mean any.</summary>
public sealed record AuditFilter(string? Who, string? EntityType, DateTimeOffset? From, DateTimeOffset? To)
{
    public const string People = "people", Operator = "operator", Api = "api", Automatic = "automatic";
    public static readonly string[] WhoValues = [People, Operator, Api, Automatic];
}

/// <summary>Every state change a person or the engine makes, written in the same transaction as the change.</summary>
public sealed class AuditLog(TimeProvider clock)
{
    /// <summary>Retention: deletes up to <paramref name="limit"/> of the business's entries older than <paramref name="before"/>; returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(DbTx tx, string businessId, DateTimeOffset before, int limit) =>
        await tx.Connection.ExecuteAsync($"""
            DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE business_id = @businessId AND created_at < @before LIMIT {limit})
            """, new { businessId, before }, tx.Transaction);

    /// <param name="actor">Who: <c>operator</c>, <c>user:{id}</c>, <c>engine</c>, <c>carrier</c>, <c>system</c>.</param>
    public async Task WriteAsync(DbTx tx, string? businessId, string actor, string entityType, string entityId, string action, object? details = null) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO audit_log (id, business_id, actor, entity_type, entity_id, action, details, created_at)
            VALUES (@Id, @businessId, @actor, @entityType, @entityId, @action, @Details, @Now)
            """,
            new { Id = Ids.New(), businessId, actor, entityType, entityId, action, Details = details is null ? "{}" : Json.Serialize(details), Now = clock.GetUtcNow() },
            tx.Transaction);

    /// <summary>
    /// One page of a business's entries, newest first: optionally only those by a kind of actor (<see cref="AuditFilter.Who"/>:
    /// people, operator, api, automatic), about one kind of record, or in [from, to); <paramref name="before"/> continues
    /// after the last entry of the previous page.
    /// </summary>
    public static async Task<IReadOnlyList<AuditEntry>> SearchAsync(Db db, string businessId, AuditFilter filter, (DateTimeOffset At, string Id)? before, int limit,
        CancellationToken ct = default)
    {
        var where = new List<string> { "business_id = @businessId" };
        if (filter.Who is { } who)
            where.Add(who switch
            {
                AuditFilter.People => "actor LIKE 'user:%'",
                AuditFilter.Operator => "actor LIKE 'operator%'",
                AuditFilter.Api => "actor LIKE 'api:%'",
                _ => "actor NOT LIKE 'user:%' AND actor NOT LIKE 'operator%' AND actor NOT LIKE 'api:%'",
            });
        if (filter.EntityType is not null) where.Add("entity_type = @EntityType");
        if (filter.From is not null) where.Add("created_at >= @From");
        if (filter.To is not null) where.Add("created_at < @To");
        if (before is not null) where.Add("(created_at < @beforeAt OR (created_at = @beforeAt AND id < @beforeId))");
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<AuditEntry>(new CommandDefinition($"""
            SELECT id, business_id, actor, entity_type, entity_id, action, details, created_at FROM audit_log
            WHERE {string.Join(" AND ", where)} ORDER BY created_at DESC, id DESC LIMIT @limit
            """, new { businessId, filter.EntityType, filter.From, filter.To, beforeAt = before?.At, beforeId = before?.Id, limit }, cancellationToken: ct))];
    }

    /// <summary>The kinds of record a business's entries are about, for the viewer's filter.</summary>
    public static async Task<IReadOnlyList<string>> EntityTypesAsync(Db db, string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT entity_type FROM audit_log WHERE business_id = @businessId ORDER BY entity_type", new { businessId }, cancellationToken: ct))];
    }

    public static async Task<IReadOnlyList<AuditEntry>> ListAsync(Db db, string businessId, string entityType, string entityId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<AuditEntry>("""
            SELECT id, business_id, actor, entity_type, entity_id, action, details, created_at FROM audit_log
            WHERE business_id = @businessId AND entity_type = @entityType AND entity_id = @entityId ORDER BY created_at, id
            """, new { businessId, entityType, entityId })];
    }
}
