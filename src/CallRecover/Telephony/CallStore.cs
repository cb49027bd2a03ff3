using CallRecover.Data;
using Dapper;

namespace CallRecover.Telephony;

/// <summary>Calls, always scoped by business.</summary>
public sealed class CallStore(Db db)
{
    public const string Columns = """
        id, business_id, call_sid, caller_phone, status, dial_status, duration_seconds, after_hours, recording_url,
        recording_path, transcription, created_at, updated_at, screening, answered_by, screen_result, leg_status
        """;

    /// <summary>A call by the carrier's call SID.</summary>
    public async Task<Call?> GetBySidAsync(DbTx tx, string businessId, string callSid) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Call>($"SELECT {Columns} FROM calls WHERE business_id = @businessId AND call_sid = @callSid", new { businessId, callSid }, tx.Transaction);

    /// <summary>A call by its id alone: for carrier webhooks whose signed URL names the call (the tenant comes from the row).</summary>
    public async Task<Call?> FindForWebhookAsync(DbTx tx, string callId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Call>($"SELECT {Columns} FROM calls WHERE id = @callId", new { callId }, tx.Transaction);

    /// <inheritdoc cref="FindForWebhookAsync(DbTx, string)"/>
    public async Task<Call?> FindForWebhookAsync(string callId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Call>($"SELECT {Columns} FROM calls WHERE id = @callId", new { callId });
    }

    /// <summary>
    /// A call by the SID of a leg's status callback or of its parent call, across tenants (the tenant comes from the row).
    /// A call SID is unique per business only: when it matches calls of two businesses, there is no telling whose it is.
    /// </summary>
    public async Task<Call?> FindForWebhookBySidAsync(string sid, string parentSid, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var found = (await conn.QueryAsync<Call>($"SELECT {Columns} FROM calls WHERE call_sid = @sid OR call_sid = @parent LIMIT 2", new { sid, parent = parentSid })).ToList();
        return found.Count == 1 ? found[0] : null;
    }

    /// <param name="filter"><c>all</c>, <c>missed</c> (missed, voicemail, busy, failed) or <c>answered</c>.</param>
    public async Task<IReadOnlyList<Call>> ListAsync(string businessId, string filter = "all", DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = 200, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var statusClause = filter switch
        {
            "missed" => "AND status IN ('missed','voicemail','busy','failed')",
            "answered" => "AND status = 'answered'",
            _ => "",
        };
        // Optional filters are added as text rather than "@x IS NULL OR ...": PostgreSQL cannot type a null parameter.
        return [.. await conn.QueryAsync<Call>($"""
            SELECT {Columns} FROM calls
            WHERE business_id = @businessId {statusClause}
              {(from is null ? "" : "AND created_at >= @from")} {(to is null ? "" : "AND created_at < @to")}
            ORDER BY created_at DESC, id LIMIT @limit
            """, new { businessId, from, to, limit })];
    }
}
