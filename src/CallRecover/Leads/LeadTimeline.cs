using CallRecover.Data;
using Dapper;

namespace CallRecover.Leads;

/// <summary>One thing that happened to a lead, for its timeline.</summary>
public sealed record TimelineEntry
{
    /// <summary>call, message, audit or notification.</summary>
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Detail { get; init; }
    public string? Status { get; init; }
    public string? Ref { get; init; }
    /// <summary>For a text the texting policy held or never sent: why (a reason code, <see cref="Compliance.TextReasons"/>).</summary>
    public string? Reason { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>A lead's history: its calls, texts, status changes and corrections, and the notifications about it.</summary>
public sealed class LeadTimeline(Db db)
{
    public async Task<IReadOnlyList<TimelineEntry>> ForLeadAsync(string businessId, Lead lead, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var p = new { businessId, leadId = lead.Id, phone = lead.Phone, leadRef = $"%{lead.Id}%" };
        var rows = new List<TimelineEntry>();
        rows.AddRange(await conn.QueryAsync<TimelineEntry>("""
            SELECT 'call' AS kind, status AS title, CAST(duration_seconds AS TEXT) AS detail, status, id AS ref, created_at AS at
            FROM calls WHERE business_id = @businessId AND caller_phone = @phone
            """, p));
        rows.AddRange(await conn.QueryAsync<TimelineEntry>("""
            SELECT 'message' AS kind, m.sender AS title, m.body AS detail, m.status, m.conversation_id AS ref, m.policy_reason AS reason, m.created_at AS at
            FROM messages m JOIN conversations c ON c.business_id = m.business_id AND c.id = m.conversation_id
            WHERE m.business_id = @businessId AND c.lead_id = @leadId
            """, p));
        rows.AddRange(await conn.QueryAsync<TimelineEntry>("""
            SELECT 'audit' AS kind, a.action AS title, a.details AS detail, a.actor AS status, a.entity_type AS ref, a.created_at AS at
            FROM audit_log a
            WHERE a.business_id = @businessId AND (
                (a.entity_type = 'lead' AND a.entity_id = @leadId) OR
                (a.entity_type = 'conversation' AND a.entity_id IN (SELECT id FROM conversations WHERE business_id = @businessId AND lead_id = @leadId)))
            """, p));
        rows.AddRange(await conn.QueryAsync<TimelineEntry>("""
            SELECT 'notification' AS kind, title, body AS detail, event AS status, id AS ref, created_at AS at
            FROM notifications WHERE business_id = @businessId AND data LIKE @leadRef
            """, p));
        return [.. rows.OrderBy(r => r.At).ThenBy(r => r.Kind)];
    }
}
