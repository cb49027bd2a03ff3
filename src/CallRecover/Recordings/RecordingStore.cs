using System.Text.Json.Serialization;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Recordings;

public static class RecordingKinds
{
    public const string AnsweredCall = "answered_call", Voicemail = "voicemail";
}

public static class RecordingStatuses
{
    public const string Pending = "pending", Downloaded = "downloaded", Failed = "failed", Deleted = "deleted", Typed = "typed";
}

/// <summary>A recorded call or voicemail (or, in the simulator, a typed voicemail standing in for one).</summary>
public sealed record Recording
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string? CallId { get; init; }
    public string? CallSid { get; init; }
    [JsonIgnore] public string CallerPhone { get; init; } = "";
    public string Kind { get; init; } = RecordingKinds.AnsweredCall;
    public string Origin { get; init; } = "carrier";
    public string RecordingSid { get; init; } = "";
    [JsonIgnore] public string? RecordingUrl { get; init; }
    public string Status { get; init; } = RecordingStatuses.Pending;
    [JsonIgnore] public string? StoragePath { get; init; }
    public int? DurationSeconds { get; init; }
    public long? SizeBytes { get; init; }
    public string? ContentType { get; init; }
    public DateTimeOffset? DownloadedAt { get; init; }
    public DateTimeOffset? DeleteAfter { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public bool HasAudio => StoragePath is not null && DeletedAt is null;
}

public static class TranscriptionStatuses
{
    public const string Pending = "pending", Done = "done", Failed = "failed";
}

public static class TranscriptQualities
{
    public const string Ok = "ok", LowConfidence = "low_confidence", Silent = "silent";
}

/// <summary>One transcript segment with the engine's own numbers and our confidence (0–1).</summary>
public sealed record TranscriptSegment(double Start, double End, string Text, double AvgLogprob, double NoSpeechProb, double Confidence, bool LowConfidence, bool Silence);

public sealed record Transcription
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string RecordingId { get; init; } = "";
    public string Status { get; init; } = TranscriptionStatuses.Pending;
    public string? Quality { get; init; }
    public string? Text { get; init; }
    public string? Language { get; init; }
    public double? DurationSeconds { get; init; }
    public double? MeanConfidence { get; init; }
    [JsonIgnore] public string Segments { get; init; } = "[]";
    [JsonPropertyName("segments")] public IReadOnlyList<TranscriptSegment> SegmentList => Json.Deserialize<List<TranscriptSegment>>(Segments);
    public string Engine { get; init; } = "";
    public int Attempts { get; init; }
    public bool NeedsReview { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record RecordingDetail(Recording Recording, Transcription? Transcription);

/// <summary>Recordings and transcriptions, always scoped by business.</summary>
public sealed class RecordingStore(Db db) : CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>
    /// Retention: up to <paramref name="limit"/> of the business's transcripts made before <paramref name="before"/> lose
    /// their text and segments (the row, its status and length stay). Returns how many.
    /// </summary>
    public async Task<int> ExpireTranscriptsAsync(DbTx tx, string businessId, DateTimeOffset before, DateTimeOffset now, int limit) =>
        await tx.Connection.ExecuteAsync($"""
            UPDATE transcriptions SET text = NULL, segments = '[]', updated_at = @now
            WHERE id IN (SELECT id FROM transcriptions WHERE business_id = @businessId AND created_at < @before AND (text IS NOT NULL OR segments <> '[]') LIMIT {limit})
            """, new { businessId, before, now }, tx.Transaction);

    /// <summary>Erasure: the audio files are deleted (after the commit), the recordings marked deleted under the pseudonym, the transcripts emptied.</summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s)
    {
        var inIds = tx.Dialect.InList("recordingIds");
        var files = (await tx.Connection.QueryAsync<string>($"SELECT storage_path FROM recordings WHERE business_id = @b AND storage_path IS NOT NULL AND id {inIds}", s.Args, tx.Transaction)).ToList();
        await s.PerPhoneAsync(tx, "UPDATE recordings SET caller_phone = @pseudonym WHERE business_id = @b AND caller_phone = @phone");
        var recordings = await s.ExecuteAsync(tx, $"""
            UPDATE recordings SET status = 'deleted', storage_path = NULL, recording_url = NULL, deleted_at = COALESCE(deleted_at, @now), updated_at = @now
            WHERE business_id = @b AND id {inIds}
            """);
        var transcripts = await s.ExecuteAsync(tx, $"UPDATE transcriptions SET text = NULL, segments = '[]', updated_at = @now WHERE business_id = @b AND recording_id {inIds}");
        return [new("recordings", recordings) { Files = files }, new("transcriptions", transcripts)];
    }

    public const string Columns = """
        id, business_id, call_id, call_sid, caller_phone, kind, origin, recording_sid, recording_url, status, storage_path, duration_seconds,
        size_bytes, content_type, downloaded_at, delete_after, deleted_at, error, created_at, updated_at
        """;

    public const string TranscriptionColumns = """
        id, business_id, recording_id, status, quality, text, language, duration_seconds, mean_confidence, segments, engine, attempts,
        needs_review, error, created_at, updated_at
        """;

    /// <summary>Inserts unless a recording with this carrier sid exists (a retried callback). True when new.</summary>
    public async Task<bool> InsertAsync(DbTx tx, Recording r) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO recordings ({Columns}) VALUES (@Id, @BusinessId, @CallId, @CallSid, @CallerPhone, @Kind, @Origin, @RecordingSid, @RecordingUrl,
                @Status, @StoragePath, @DurationSeconds, @SizeBytes, @ContentType, @DownloadedAt, @DeleteAfter, @DeletedAt, @Error, @CreatedAt, @UpdatedAt)
            ON CONFLICT (recording_sid) DO NOTHING
            """, r, tx.Transaction) == 1;

    public async Task<Recording?> GetAsync(string businessId, string recordingId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Recording>($"SELECT {Columns} FROM recordings WHERE business_id = @businessId AND id = @recordingId", new { businessId, recordingId });
    }

    public async Task<IReadOnlyList<Recording>> ListAsync(string businessId, int limit = 200, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Recording>($"SELECT {Columns} FROM recordings WHERE business_id = @businessId ORDER BY created_at DESC, id LIMIT @limit", new { businessId, limit })];
    }

    /// <summary>The newest recording of each of these calls with its transcription (for the calls log).</summary>
    public async Task<IReadOnlyDictionary<string, RecordingDetail>> ForCallsAsync(string businessId, IReadOnlyCollection<string> callIds, CancellationToken ct = default)
    {
        if (callIds.Count == 0) return new Dictionary<string, RecordingDetail>();
        var ids = callIds.ToArray();
        var inIds = db.Dialect.InList("ids");
        await using var conn = await db.OpenAsync(ct);
        var recordings = (await conn.QueryAsync<Recording>(
            $"SELECT {Columns} FROM recordings WHERE business_id = @businessId AND call_id {inIds} ORDER BY created_at DESC, id", new { businessId, ids }))
            .GroupBy(r => r.CallId!).ToDictionary(g => g.Key, g => g.First());
        var recordingIds = recordings.Values.Select(r => r.Id).ToArray();
        var transcriptions = recordingIds.Length == 0 ? [] : (await conn.QueryAsync<Transcription>(
            $"SELECT {TranscriptionColumns} FROM transcriptions WHERE business_id = @businessId AND recording_id {inIds}", new { businessId, ids = recordingIds }))
            .GroupBy(t => t.RecordingId).ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.UpdatedAt).First());
        return recordings.ToDictionary(kv => kv.Key, kv => new RecordingDetail(kv.Value, transcriptions.GetValueOrDefault(kv.Value.Id)));
    }

    /// <summary>Every recording of one caller's phone, newest first, with its transcription (a customer's history).</summary>
    public async Task<IReadOnlyList<RecordingDetail>> ForPhoneAsync(string businessId, string phone, int limit = 100, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var recordings = (await conn.QueryAsync<Recording>(
            $"SELECT {Columns} FROM recordings WHERE business_id = @businessId AND caller_phone = @phone ORDER BY created_at DESC, id LIMIT @limit",
            new { businessId, phone, limit })).ToList();
        if (recordings.Count == 0) return [];
        var ids = recordings.Select(r => r.Id).ToArray();
        var transcriptions = (await conn.QueryAsync<Transcription>(
            $"SELECT {TranscriptionColumns} FROM transcriptions WHERE business_id = @businessId AND recording_id {db.Dialect.InList("ids")}", new { businessId, ids }))
            .GroupBy(t => t.RecordingId).ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.UpdatedAt).First());
        return [.. recordings.Select(r => new RecordingDetail(r, transcriptions.GetValueOrDefault(r.Id)))];
    }

    public async Task<RecordingDetail?> DetailAsync(string businessId, string recordingId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var r = await conn.QuerySingleOrDefaultAsync<Recording>($"SELECT {Columns} FROM recordings WHERE business_id = @businessId AND id = @recordingId", new { businessId, recordingId });
        if (r is null) return null;
        var t = await conn.QuerySingleOrDefaultAsync<Transcription>($"SELECT {TranscriptionColumns} FROM transcriptions WHERE business_id = @businessId AND recording_id = @recordingId", new { businessId, recordingId });
        return new RecordingDetail(r, t);
    }

    public async Task UpdateAsync(DbTx tx, Recording r) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE recordings SET call_id = @CallId, status = @Status, storage_path = @StoragePath, duration_seconds = @DurationSeconds, size_bytes = @SizeBytes,
                content_type = @ContentType, downloaded_at = @DownloadedAt, delete_after = @DeleteAfter, deleted_at = @DeletedAt, error = @Error, updated_at = @UpdatedAt
            WHERE business_id = @BusinessId AND id = @Id
            """, r, tx.Transaction);

    /// <summary>Records that a recording's audio file is gone (retention); the transcript and metadata stay. No-op when already deleted.</summary>
    public async Task MarkAudioDeletedAsync(DbTx tx, string businessId, string recordingId, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE recordings SET status = 'deleted', storage_path = NULL, deleted_at = @now, updated_at = @now
            WHERE business_id = @businessId AND id = @recordingId AND deleted_at IS NULL
            """, new { businessId, recordingId, now }, tx.Transaction);

    public async Task<Transcription?> TranscriptionForAsync(string businessId, string recordingId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Transcription>($"SELECT {TranscriptionColumns} FROM transcriptions WHERE business_id = @businessId AND recording_id = @recordingId", new { businessId, recordingId });
    }

    /// <summary>Inserts the transcription row for a recording unless it exists; returns the row.</summary>
    public async Task<Transcription> EnsureTranscriptionAsync(DbTx tx, Transcription t)
    {
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO transcriptions ({TranscriptionColumns}) VALUES (@Id, @BusinessId, @RecordingId, @Status, @Quality, @Text, @Language, @DurationSeconds,
                @MeanConfidence, @Segments, @Engine, @Attempts, @NeedsReview, @Error, @CreatedAt, @UpdatedAt)
            ON CONFLICT (recording_id) DO NOTHING
            """, t, tx.Transaction);
        return await tx.Connection.QuerySingleAsync<Transcription>($"SELECT {TranscriptionColumns} FROM transcriptions WHERE business_id = @BusinessId AND recording_id = @RecordingId", t, tx.Transaction);
    }

    public async Task UpdateTranscriptionAsync(DbTx tx, Transcription t) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE transcriptions SET status = @Status, quality = @Quality, text = @Text, language = @Language, duration_seconds = @DurationSeconds,
                mean_confidence = @MeanConfidence, segments = @Segments, engine = @Engine, attempts = @Attempts, needs_review = @NeedsReview, error = @Error, updated_at = @UpdatedAt
            WHERE business_id = @BusinessId AND id = @Id
            """, t, tx.Transaction);

    /// <summary>Audio past its retention, oldest first (all businesses: the retention worker is platform-level).</summary>
    public async Task<IReadOnlyList<Recording>> DueForDeletionAsync(DateTimeOffset now, int limit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Recording>($"""
            SELECT {Columns} FROM recordings WHERE deleted_at IS NULL AND storage_path IS NOT NULL AND delete_after <= @now ORDER BY delete_after LIMIT @limit
            """, new { now, limit })];
    }

    /// <summary>A new retention for the business: audio not yet deleted is kept <paramref name="days"/> from its download.</summary>
    public async Task ApplyRetentionAsync(DbTx tx, string businessId, int days)
    {
        var kept = await tx.Connection.QueryAsync<Downloaded>(
            "SELECT id, downloaded_at FROM recordings WHERE business_id = @businessId AND deleted_at IS NULL AND downloaded_at IS NOT NULL", new { businessId }, tx.Transaction);
        // Per row: adding days to a stored time is written differently in each dialect; the set is one business's recent audio.
        foreach (var r in kept)
            await tx.Connection.ExecuteAsync("UPDATE recordings SET delete_after = @deleteAfter WHERE business_id = @businessId AND id = @Id",
                new { businessId, r.Id, deleteAfter = r.DownloadedAt.AddDays(days) }, tx.Transaction);
    }

    private sealed record Downloaded
    {
        public string Id { get; init; } = "";
        public DateTimeOffset DownloadedAt { get; init; }
    }
}
