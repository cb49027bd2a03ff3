using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Telephony;

/// <summary>Calls and their leg events, always scoped by business. The only writer of <c>calls</c> and <c>call_events</c>.</summary>
public sealed class CallStore(Db db, TimeProvider clock) : CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Erasure: the calls stay (the reports count them) under the pseudonym, without transcription or recording addresses.</summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s) =>
        [new("calls", await s.PerPhoneAsync(tx, """
            UPDATE calls SET caller_phone = @pseudonym, transcription = NULL, recording_url = NULL, recording_path = NULL, updated_at = @now
            WHERE business_id = @b AND caller_phone = @phone
            """))];

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

    /// <summary>Missed calls from this caller since <paramref name="since"/> (a caller trying again and again is urgent).</summary>
    public async Task<int> CountMissedSinceAsync(DbTx tx, string businessId, string phone, DateTimeOffset since) =>
        await tx.Connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM calls WHERE business_id = @businessId AND caller_phone = @phone AND status = 'missed' AND created_at >= @since",
            new { businessId, phone, since }, tx.Transaction);

    /// <summary>
    /// Logs a new ringing call once per carrier call SID (a retried webhook finds the first row) and returns its id; null
    /// when that SID already belongs to another business.
    /// </summary>
    public async Task<string?> InsertRingingAsync(DbTx tx, string businessId, string callSid, string callerPhone, bool afterHours, string? screening)
    {
        var now = clock.GetUtcNow();
        await tx.Connection.ExecuteAsync("""
            INSERT INTO calls (id, business_id, call_sid, caller_phone, status, after_hours, screening, created_at, updated_at)
            VALUES (@id, @businessId, @callSid, @callerPhone, 'ringing', @afterHours, @screening, @now, @now)
            ON CONFLICT (business_id, call_sid) DO NOTHING
            """, new { id = Ids.New(), businessId, callSid, callerPhone, afterHours, screening, now }, tx.Transaction);
        return await tx.Connection.ExecuteScalarAsync<string?>("SELECT id FROM calls WHERE call_sid = @callSid AND business_id = @businessId",
            new { callSid, businessId }, tx.Transaction);
    }

    /// <summary>Logs a typed voicemail (the simulator's stand-in for a recorded one) as a call of its own.</summary>
    public async Task InsertTypedVoicemailAsync(DbTx tx, string businessId, string callId, string callSid, string callerPhone, bool afterHours, string transcription)
    {
        var now = clock.GetUtcNow();
        await tx.Connection.ExecuteAsync("""
            INSERT INTO calls (id, business_id, call_sid, caller_phone, status, dial_status, duration_seconds, after_hours, transcription, created_at, updated_at)
            VALUES (@callId, @businessId, @callSid, @callerPhone, 'voicemail', 'no-answer', 0, @afterHours, @transcription, @now, @now)
            """, new { callId, businessId, callSid, callerPhone, afterHours, transcription, now }, tx.Transaction);
    }

    /// <summary>The dial result: answered or missed, with the carrier's dial status and talk time.</summary>
    public Task SetOutcomeAsync(DbTx tx, string businessId, string callId, string status, string dialStatus, int? durationSeconds) =>
        tx.Connection.ExecuteAsync("""
            UPDATE calls SET status = @status, dial_status = @dialStatus, duration_seconds = @durationSeconds, updated_at = @now
            WHERE business_id = @businessId AND id = @callId
            """, new { status, dialStatus, durationSeconds, now = clock.GetUtcNow(), businessId, callId }, tx.Transaction);

    /// <summary>A voicemail was left on a call that was missed (or is still ringing as far as we know).</summary>
    public Task MarkVoicemailAsync(DbTx tx, string businessId, string callId) =>
        tx.Connection.ExecuteAsync("UPDATE calls SET status = 'voicemail', updated_at = @now WHERE business_id = @businessId AND id = @callId AND status IN ('missed','ringing')",
            new { now = clock.GetUtcNow(), businessId, callId }, tx.Transaction);

    /// <summary>The carrier's answering-machine verdict on the business-phone leg.</summary>
    public Task SetAnsweredByAsync(DbTx tx, string businessId, string callId, string answeredBy) =>
        tx.Connection.ExecuteAsync("UPDATE calls SET answered_by = @answeredBy, updated_at = @now WHERE business_id = @businessId AND id = @callId",
            new { answeredBy, now = clock.GetUtcNow(), businessId, callId }, tx.Transaction);

    /// <summary>What the screening on the business phone decided: accepted, rejected or machine.</summary>
    public Task SetScreenResultAsync(DbTx tx, string businessId, string callId, string result) =>
        tx.Connection.ExecuteAsync("UPDATE calls SET screen_result = @result, updated_at = @now WHERE business_id = @businessId AND id = @callId",
            new { result, now = clock.GetUtcNow(), businessId, callId }, tx.Transaction);

    /// <summary>Records a status callback of the business-phone leg.</summary>
    public Task AddEventAsync(DbTx tx, string businessId, string callId, string callSid, string status, int? sequenceNumber, int? durationSeconds) =>
        tx.Connection.ExecuteAsync("""
            INSERT INTO call_events (id, business_id, call_id, call_sid, status, sequence_number, duration_seconds, received_at)
            VALUES (@id, @businessId, @callId, @callSid, @status, @sequenceNumber, @durationSeconds, @now)
            """, new { id = Ids.New(), businessId, callId, callSid, status, sequenceNumber, durationSeconds, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>The furthest status of the business-phone leg (the caller checks that it moves forward).</summary>
    public Task SetLegStatusAsync(DbTx tx, string businessId, string callId, string status) =>
        tx.Connection.ExecuteAsync("UPDATE calls SET leg_status = @status, updated_at = @now WHERE business_id = @businessId AND id = @callId",
            new { status, now = clock.GetUtcNow(), businessId, callId }, tx.Transaction);

    /// <summary>The answered leg's talk time, when the dial result did not carry it.</summary>
    public Task SetDurationIfMissingAsync(DbTx tx, string businessId, string callId, int durationSeconds) =>
        tx.Connection.ExecuteAsync("UPDATE calls SET duration_seconds = @durationSeconds WHERE business_id = @businessId AND id = @callId AND duration_seconds IS NULL",
            new { durationSeconds, businessId, callId }, tx.Transaction);

    /// <summary>The call's recording was downloaded: where it came from and where it is kept.</summary>
    public Task SetRecordingAsync(DbTx tx, string businessId, string callId, string? recordingUrl, string recordingPath) =>
        tx.Connection.ExecuteAsync("UPDATE calls SET recording_url = @recordingUrl, recording_path = @recordingPath, updated_at = @now WHERE business_id = @businessId AND id = @callId",
            new { recordingUrl, recordingPath, now = clock.GetUtcNow(), businessId, callId }, tx.Transaction);

    /// <summary>The audio was deleted (retention): the call keeps its transcript, not the file.</summary>
    public Task ClearRecordingPathAsync(DbTx tx, string businessId, string callId) =>
        tx.Connection.ExecuteAsync("UPDATE calls SET recording_path = NULL, updated_at = @now WHERE business_id = @businessId AND id = @callId",
            new { now = clock.GetUtcNow(), businessId, callId }, tx.Transaction);

    /// <summary>The call's transcript, for the calls log.</summary>
    public Task SetTranscriptionAsync(DbTx tx, string businessId, string callId, string? text) =>
        tx.Connection.ExecuteAsync("UPDATE calls SET transcription = @text, updated_at = @now WHERE business_id = @businessId AND id = @callId",
            new { text, now = clock.GetUtcNow(), businessId, callId }, tx.Transaction);
}
