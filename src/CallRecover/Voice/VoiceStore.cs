using CallRecover.Data;
using Dapper;

namespace CallRecover.Voice;

public static class VoicePaths
{
    /// <summary>Twilio's ConversationRelay: one WebSocket for the call, speech recognized and spoken by the carrier.</summary>
    public const string Relay = "relay";
    /// <summary><c>&lt;Gather input="speech"&gt;</c>: one signed webhook per turn (SignalWire's LaML, any carrier without the relay).</summary>
    public const string Gather = "gather";
}

public static class VoiceSessionStatuses
{
    public const string Active = "active", Booked = "booked", Transferring = "transferring", Transferred = "transferred", Texted = "texted",
        Message = "message", Ended = "ended", Dropped = "dropped";

    /// <summary>Still talking (a transfer that nobody answered comes back to take a message).</summary>
    public static bool IsLive(string status) => status is Active or Transferring or Message;
}

/// <summary>A call the receptionist answered. <see cref="State"/> is <see cref="ReceptionistState"/> as JSON.</summary>
public sealed record VoiceSession
{
    public string CallId { get; init; } = "";
    public string BusinessId { get; init; } = "";
    public string? LeadId { get; init; }
    public string Path { get; init; } = VoicePaths.Gather;
    public string State { get; init; } = "{}";
    public string Status { get; init; } = VoiceSessionStatuses.Active;
    public string? Summary { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
}

/// <summary>One line of the call's transcript. <see cref="AtMs"/>: when it was said, from the session's start.</summary>
public sealed record VoiceTurn
{
    public string CallId { get; init; } = "";
    public int Seq { get; init; }
    public string Speaker { get; init; } = "";
    public string Text { get; init; } = "";
    public long AtMs { get; init; }
    public bool Interrupted { get; init; }
}

public static class Speakers
{
    public const string Caller = "caller", Receptionist = "receptionist";
}

/// <summary>The receptionist's sessions and transcripts (tables <c>voice_sessions</c>, <c>voice_turns</c>): the only writer of both.</summary>
public sealed class VoiceStore(Db db) : CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Erasure: the receptionist's calls stay (when, how they ended) without what was said or the summary naming the caller.</summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s) =>
    [
        new("voice_turns", await s.ExecuteAsync(tx, $"UPDATE voice_turns SET text = @erasedText WHERE business_id = @b AND call_id {tx.Dialect.InList("callIds")}")),
        new("voice_sessions", await s.ExecuteAsync(tx,
            $"UPDATE voice_sessions SET summary = NULL, state = '{{}}', updated_at = @now WHERE business_id = @b AND call_id {tx.Dialect.InList("callIds")}")),
    ];

    private const string SessionColumns = "call_id, business_id, lead_id, path, state, status, summary, started_at, updated_at, ended_at";
    private const string TurnColumns = "call_id, seq, speaker, text, at_ms, interrupted";

    public async Task InsertAsync(DbTx tx, VoiceSession s) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO voice_sessions ({SessionColumns}) VALUES (@CallId, @BusinessId, @LeadId, @Path, @State, @Status, @Summary, @StartedAt, @UpdatedAt, @EndedAt)
            """, s, tx.Transaction);

    /// <summary>A session by its call, for the tenant the signed request named (the row says which business).</summary>
    public async Task<VoiceSession?> FindAsync(string callId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<VoiceSession>($"SELECT {SessionColumns} FROM voice_sessions WHERE call_id = @callId", new { callId });
    }

    private const string OneSession = $"SELECT {SessionColumns} FROM voice_sessions WHERE business_id = @businessId AND call_id = @callId";

    public async Task<VoiceSession?> GetAsync(DbTx tx, string businessId, string callId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<VoiceSession>(OneSession, new { businessId, callId }, tx.Transaction);

    public async Task<VoiceSession?> GetAsync(string businessId, string callId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<VoiceSession>(OneSession, new { businessId, callId });
    }

    /// <summary>A lead's receptionist calls, newest first, each with its transcript.</summary>
    public async Task<IReadOnlyList<(VoiceSession Session, IReadOnlyList<VoiceTurn> Turns)>> ForLeadAsync(string businessId, string leadId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var sessions = (await conn.QueryAsync<VoiceSession>(
            $"SELECT {SessionColumns} FROM voice_sessions WHERE business_id = @businessId AND lead_id = @leadId ORDER BY started_at DESC, call_id DESC LIMIT 20",
            new { businessId, leadId })).ToList();
        if (sessions.Count == 0) return [];
        var turns = (await conn.QueryAsync<VoiceTurn>($"""
            SELECT {TurnColumns} FROM voice_turns
            WHERE business_id = @businessId AND call_id {db.Dialect.InList("ids")} ORDER BY call_id, seq
            """, new { businessId, ids = sessions.Select(s => s.CallId).ToArray() })).ToLookup(t => t.CallId);
        return [.. sessions.Select(s => (s, (IReadOnlyList<VoiceTurn>)[.. turns[s.CallId]]))];
    }

    public async Task SaveStateAsync(DbTx tx, string businessId, string callId, string? leadId, string state, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE voice_sessions SET state = @state, lead_id = COALESCE(@leadId, lead_id), updated_at = @now WHERE business_id = @businessId AND call_id = @callId
            """, new { businessId, callId, leadId, state, now }, tx.Transaction);

    /// <summary>Moves a live session to <paramref name="status"/>; false when it had already ended (a second hang-up report changes nothing).</summary>
    public async Task<bool> TrySetStatusAsync(DbTx tx, string businessId, string callId, string status, string? summary, DateTimeOffset now)
    {
        var ends = !VoiceSessionStatuses.IsLive(status);
        return await tx.Connection.ExecuteAsync($"""
            UPDATE voice_sessions SET status = @status, summary = COALESCE(@summary, summary), updated_at = @now{(ends ? ", ended_at = @now" : "")}
            WHERE business_id = @businessId AND call_id = @callId AND status IN ('active', 'transferring', 'message')
            """, new { businessId, callId, status, summary, now }, tx.Transaction) == 1;
    }

    /// <summary>Appends a line to the transcript; returns its number (the next one).</summary>
    public async Task<int> AddTurnAsync(DbTx tx, string businessId, string callId, string speaker, string text, long atMs, bool interrupted = false) =>
        await tx.Connection.ExecuteScalarAsync<int>("""
            INSERT INTO voice_turns (call_id, seq, business_id, speaker, text, at_ms, interrupted)
            VALUES (@callId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM voice_turns WHERE call_id = @callId), @businessId, @speaker, @text, @atMs, @interrupted)
            RETURNING seq
            """, new { callId, businessId, speaker, text, atMs, interrupted }, tx.Transaction);

    /// <summary>The receptionist's last line was cut short: keep what the caller heard of it.</summary>
    public async Task MarkLastReplyInterruptedAsync(DbTx tx, string businessId, string callId, string heard) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE voice_turns SET interrupted = TRUE, text = CASE WHEN @heard = '' THEN text ELSE @heard END
            WHERE business_id = @businessId AND call_id = @callId AND speaker = 'receptionist'
              AND seq = (SELECT MAX(seq) FROM voice_turns WHERE call_id = @callId AND speaker = 'receptionist')
            """, new { businessId, callId, heard }, tx.Transaction);

    public async Task<IReadOnlyList<VoiceTurn>> TurnsAsync(string businessId, string callId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<VoiceTurn>(
            $"SELECT {TurnColumns} FROM voice_turns WHERE business_id = @businessId AND call_id = @callId ORDER BY seq",
            new { businessId, callId })];
    }
}
