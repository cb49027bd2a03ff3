using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Conversations;

/// <summary>Conversations and their messages, always scoped by business.</summary>
public sealed class ConversationStore(Db db)
{
    public const string Columns = """
        id, business_id, lead_id, call_id, phone, status, follow_up_count, next_follow_up_at, qualification, needs_human,
        emergency, last_inbound_at, last_outbound_at, created_at, updated_at
        """;

    public const string MessageColumns = """
        id, business_id, conversation_id, direction, sender, purpose, to_phone, from_phone, body, carrier_sid, status,
        error_code, error_message, engine, created_at, updated_at
        """;

    public async Task<Conversation?> GetAsync(string businessId, string conversationId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Conversation>($"SELECT {Columns} FROM conversations WHERE business_id = @businessId AND id = @conversationId", new { businessId, conversationId });
    }

    public async Task<Conversation?> GetAsync(DbTx tx, string businessId, string conversationId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Conversation>($"SELECT {Columns} FROM conversations WHERE business_id = @businessId AND id = @conversationId", new { businessId, conversationId }, tx.Transaction);

    /// <summary>The open conversation with a caller, if any.</summary>
    public Task<Conversation?> GetOpenByPhoneAsync(DbTx tx, string businessId, string phone) => OpenByPhoneAsync(tx, businessId, phone);

    // Static so that OpenAsync, which static callers use, can read it without a store instance.
    private static async Task<Conversation?> OpenByPhoneAsync(DbTx tx, string businessId, string phone) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Conversation>(
            $"SELECT {Columns} FROM conversations WHERE business_id = @businessId AND phone = @phone AND status IN ('active','human_active','follow_up')",
            new { businessId, phone }, tx.Transaction);

    /// <summary>
    /// Opens a conversation with a caller, or finds the one already open: <c>Created</c> says which. Static because
    /// static callers (<c>QuoteService.EnsureConversationAsync</c>) have no store instance.
    /// </summary>
    public static async Task<(string Id, bool Created)> OpenAsync(DbTx tx, string businessId, string leadId, string? callId, string phone, DateTimeOffset now)
    {
        var id = Ids.New();
        // The partial unique index allows one open conversation per caller: a racing second insert loses here.
        var inserted = await tx.Connection.ExecuteAsync("""
            INSERT INTO conversations (id, business_id, lead_id, call_id, phone, status, follow_up_count, qualification, needs_human, emergency, created_at, updated_at)
            VALUES (@id, @businessId, @leadId, @callId, @phone, 'active', 0, '{}', FALSE, FALSE, @now, @now)
            ON CONFLICT DO NOTHING
            """, new { id, businessId, leadId, callId, phone, now }, tx.Transaction);
        if (inserted == 1) return (id, true);
        var open = await OpenByPhoneAsync(tx, businessId, phone) ?? throw new InvalidOperationException("Open conversation vanished.");
        return (open.Id, false);
    }

    /// <summary>The lead's latest conversation (open or closed), if any.</summary>
    public async Task<string?> LatestIdForLeadAsync(DbTx tx, string businessId, string leadId) =>
        await tx.Connection.ExecuteScalarAsync<string?>(LatestIdForLeadSql, new { businessId, leadId }, tx.Transaction);

    /// <inheritdoc cref="LatestIdForLeadAsync(DbTx, string, string)"/>
    public async Task<string?> LatestIdForLeadAsync(string businessId, string leadId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<string?>(LatestIdForLeadSql, new { businessId, leadId });
    }

    private const string LatestIdForLeadSql =
        "SELECT id FROM conversations WHERE business_id = @businessId AND lead_id = @leadId ORDER BY created_at DESC, id DESC LIMIT 1";

    /// <summary>Conversations for the inbox: emergencies, then those needing a person, then the most recent.</summary>
    public async Task<IReadOnlyList<Conversation>> ListAsync(string businessId, string? status = null, int limit = 200, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Conversation>($"""
            SELECT {Columns} FROM conversations
            WHERE business_id = @businessId AND (@status IS NULL OR status = @status)
            ORDER BY CASE WHEN emergency AND status IN ('active','human_active','follow_up') THEN 0
                          WHEN (needs_human OR status = 'human_active') AND status IN ('active','human_active','follow_up') THEN 1
                          WHEN status IN ('active','human_active','follow_up') THEN 2 ELSE 3 END,
                     updated_at DESC, id
            LIMIT @limit
            """, new { businessId, status, limit })];
    }

    /// <summary>
    /// Open conversations (all businesses: a platform sweep) not updated since <paramref name="idleSince"/>, with no
    /// follow-up scheduled and none pending or running on the queue (work of <paramref name="followUpKind"/> whose dedupe
    /// key is <paramref name="followUpKeyPrefix"/> + conversation id + ":"), become stale. Returns how many.
    /// </summary>
    public async Task<int> MarkIdleStaleAsync(DbTx tx, DateTimeOffset idleSince, string followUpKind, string followUpKeyPrefix, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE conversations SET status = 'stale', updated_at = @now
            WHERE status IN ('active','follow_up') AND next_follow_up_at IS NULL AND updated_at < @idleSince
              AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.kind = @followUpKind AND w.status IN ('pending','running')
                              AND w.dedupe_key LIKE @followUpKeyPrefix || conversations.id || ':%')
            """, new { now, idleSince, followUpKind, followUpKeyPrefix }, tx.Transaction);

    public async Task<IReadOnlyList<Message>> MessagesAsync(string businessId, string conversationId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Message>(
            $"SELECT {MessageColumns} FROM messages WHERE business_id = @businessId AND conversation_id = @conversationId ORDER BY created_at, id",
            new { businessId, conversationId })];
    }

    public async Task<Message?> GetMessageAsync(string businessId, string messageId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Message>(
            $"SELECT {MessageColumns} FROM messages WHERE business_id = @businessId AND id = @messageId", new { businessId, messageId });
    }
}
