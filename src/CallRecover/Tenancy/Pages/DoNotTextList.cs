using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Tenancy.Pages;

public sealed record DoNotTextEntry
{
    public string Id { get; init; } = "";
    public string Phone { get; init; } = "";
    public string? Label { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The business's own do-not-text list (staff, family, suppliers) as the settings page edits it.</summary>
public sealed class DoNotTextList(Db db, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<DoNotTextEntry>> ListAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<DoNotTextEntry>(
            "SELECT id, phone, label, created_at FROM do_not_text WHERE business_id = @businessId ORDER BY created_at, id", new { businessId })];
    }

    /// <summary>Adds a number; returns an error for a bad number or label (an existing number is updated).</summary>
    public async Task<string?> AddAsync(string businessId, string? phone, string? label, string actor, CancellationToken ct = default)
    {
        if (!Phone.TryNormalize(phone, out var e164)) return $"'{phone}' is not a valid phone number (use E.164 like +19045550134 or a US number).";
        label = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
        if (label is { Length: > 80 }) return "The label must be at most 80 characters.";
        await db.WriteAsync(async tx =>
        {
            await tx.Connection.ExecuteAsync("""
                INSERT INTO do_not_text (id, business_id, phone, label, created_at) VALUES (@Id, @businessId, @e164, @label, @Now)
                ON CONFLICT (business_id, phone) DO UPDATE SET label = excluded.label
                """, new { Id = Ids.New(), businessId, e164, label, Now = clock.GetUtcNow() }, tx.Transaction);
            await audit.WriteAsync(tx, businessId, actor, "do_not_text", e164, "added", new { label });
        }, ct);
        return null;
    }

    public async Task<bool> RemoveAsync(string businessId, string id, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            var phone = await tx.Connection.ExecuteScalarAsync<string?>(
                "DELETE FROM do_not_text WHERE business_id = @businessId AND id = @id RETURNING phone", new { businessId, id }, tx.Transaction);
            if (phone is null) return false;
            await audit.WriteAsync(tx, businessId, actor, "do_not_text", phone, "removed");
            return true;
        }, ct);
}
