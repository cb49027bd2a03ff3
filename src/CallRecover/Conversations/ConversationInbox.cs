using CallRecover.Data;
using Dapper;

namespace CallRecover.Conversations;

/// <summary>A conversation as the inbox lists it: who, status flags and the latest text.</summary>
public sealed record InboxRow
{
    public string Id { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string Phone { get; init; } = "";
    public string? LeadName { get; init; }
    public string? ServiceNeeded { get; init; }
    public string Status { get; init; } = "";
    public bool NeedsHuman { get; init; }
    public bool Emergency { get; init; }
    public string? LastBody { get; init; }
    public string? LastSender { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The dashboard's conversation inbox, scoped to one business.</summary>
public sealed class ConversationInbox(Db db)
{
    /// <param name="filter"><c>open</c> (default), <c>human</c> (needs a person or taken over), <c>closed</c> or <c>all</c>.</param>
    public async Task<IReadOnlyList<InboxRow>> ListAsync(string businessId, string filter = "open", int limit = 200, CancellationToken ct = default)
    {
        var where = filter switch
        {
            "human" => "AND c.status IN ('active','human_active','follow_up') AND (c.needs_human OR c.status = 'human_active')",
            "closed" => "AND c.status NOT IN ('active','human_active','follow_up')",
            "all" => "",
            _ => "AND c.status IN ('active','human_active','follow_up')",
        };
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<InboxRow>($"""
            SELECT c.id, c.lead_id, c.phone, l.name AS lead_name, l.service_needed, c.status, c.needs_human, c.emergency, c.updated_at,
                   (SELECT m.body FROM messages m WHERE m.business_id = c.business_id AND m.conversation_id = c.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS last_body,
                   (SELECT m.sender FROM messages m WHERE m.business_id = c.business_id AND m.conversation_id = c.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS last_sender
            FROM conversations c JOIN leads l ON l.business_id = c.business_id AND l.id = c.lead_id
            WHERE c.business_id = @businessId {where}
            ORDER BY CASE WHEN c.emergency AND c.status IN ('active','human_active','follow_up') THEN 0
                          WHEN (c.needs_human OR c.status = 'human_active') AND c.status IN ('active','human_active','follow_up') THEN 1
                          WHEN c.status IN ('active','human_active','follow_up') THEN 2 ELSE 3 END,
                     c.updated_at DESC, c.id
            LIMIT @limit
            """, new { businessId, limit })];
    }
}
