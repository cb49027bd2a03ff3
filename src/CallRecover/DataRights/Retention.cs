using System.Text.Json.Serialization;
using CallRecover.Audit;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Queue;
using CallRecover.Recordings;
using Dapper;

namespace CallRecover.DataRights;

/// <summary>How many days a business keeps each kind of personal data; null keeps it. Recorded audio has its own setting (Recording).</summary>
public sealed record RetentionSettings
{
    public int? MessageDays { get; init; }
    public int? TranscriptDays { get; init; }
    public int? AuditDays { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RetentionInput
{
    public int? MessageDays { get; init; }
    public int? TranscriptDays { get; init; }
    public int? AuditDays { get; init; }

    public const int MaxDays = 3650, MinAuditDays = 30;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (MessageDays is < 1 or > MaxDays) errors["messageDays"] = [$"Keep texts from 1 to {MaxDays} days, or leave it empty to keep them."];
        if (TranscriptDays is < 1 or > MaxDays) errors["transcriptDays"] = [$"Keep transcripts from 1 to {MaxDays} days, or leave it empty to keep them."];
        // The audit log is how an owner finds out who did what: at least a month of it stays.
        if (AuditDays is < MinAuditDays or > MaxDays) errors["auditDays"] = [$"Keep the audit log from {MinAuditDays} to {MaxDays} days, or leave it empty to keep it."];
        return errors;
    }
}

/// <summary>The retention settings (this store is the only writer of <c>retention_settings</c>).</summary>
public sealed class RetentionStore(Db db, TimeProvider clock)
{
    private const string Columns = "message_days, transcript_days, audit_days, updated_at";

    public async Task<RetentionSettings> GetAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<RetentionSettings>($"SELECT {Columns} FROM retention_settings WHERE business_id = @businessId", new { businessId })
            ?? new RetentionSettings();
    }

    public async Task SaveAsync(DbTx tx, string businessId, RetentionInput input) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO retention_settings (business_id, message_days, transcript_days, audit_days, updated_at)
            VALUES (@businessId, @MessageDays, @TranscriptDays, @AuditDays, @now)
            ON CONFLICT (business_id) DO UPDATE SET message_days = excluded.message_days, transcript_days = excluded.transcript_days,
                audit_days = excluded.audit_days, updated_at = excluded.updated_at
            """, new { businessId, input.MessageDays, input.TranscriptDays, input.AuditDays, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>The businesses that limit anything (for the sweep).</summary>
    public async Task<IReadOnlyList<(string BusinessId, RetentionSettings Settings)>> LimitedAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<(string, int?, int?, int?)>("""
            SELECT business_id, message_days, transcript_days, audit_days FROM retention_settings
            WHERE message_days IS NOT NULL OR transcript_days IS NOT NULL OR audit_days IS NOT NULL ORDER BY business_id
            """);
        return [.. rows.Select(r => (r.Item1, new RetentionSettings { MessageDays = r.Item2, TranscriptDays = r.Item3, AuditDays = r.Item4 }))];
    }
}

/// <summary>Saves a business's retention (validated, audited); the owner's page and the operator API both use it.</summary>
public sealed class RetentionService(Db db, RetentionStore store, AuditLog audit)
{
    public async Task<(RetentionSettings? Saved, Dictionary<string, string[]> Errors)> SaveAsync(string businessId, RetentionInput input, string actor,
        CancellationToken ct = default)
    {
        var errors = input.Validate();
        if (errors.Count > 0) return (null, errors);
        await db.WriteAsync(async tx =>
        {
            await store.SaveAsync(tx, businessId, input);
            await audit.WriteAsync(tx, businessId, actor, "retention", businessId, "saved", input);
        }, ct);
        return (await store.GetAsync(businessId, ct), errors);
    }
}

/// <summary>
/// The scheduled task that applies each business's retention: message bodies become "[expired]", transcripts are
/// emptied, audit entries are deleted once past their days — each by the table's owning store, in batches of
/// <see cref="Batch"/> per transaction, so a large backlog never holds the writer long and a crash loses nothing
/// (the next run picks up where it stopped). Idempotent: what is already expired is not touched again.
/// </summary>
public sealed class RetentionSweep(Db db, RetentionStore settings, ConversationStore conversations, RecordingStore recordings, AuditLog audit,
    TimeProvider clock, ILogger<RetentionSweep> log) : IScheduledTask
{
    public const int Batch = 500;
    public string Key => "data.retention";
    public string Name => "Data retention";
    public string Description => "Expires message bodies and transcripts and deletes audit entries past each business's retention.";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public sealed record Result(int Messages, int Transcripts, int AuditEntries);

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        var r = await RunOnceAsync(ct);
        return $"{r.Messages} message(s) and {r.Transcripts} transcript(s) expired, {r.AuditEntries} audit entr(ies) deleted";
    }

    public async Task<Result> RunOnceAsync(CancellationToken ct = default)
    {
        var total = new Result(0, 0, 0);
        foreach (var (businessId, s) in await settings.LimitedAsync(ct))
        {
            var now = clock.GetUtcNow();
            var r = new Result(
                s.MessageDays is { } m ? await DrainAsync(tx => conversations.ExpireBodiesAsync(tx, businessId, now.AddDays(-m), Batch), ct) : 0,
                s.TranscriptDays is { } t ? await DrainAsync(tx => recordings.ExpireTranscriptsAsync(tx, businessId, now.AddDays(-t), now, Batch), ct) : 0,
                s.AuditDays is { } a ? await DrainAsync(tx => audit.DeleteOlderThanAsync(tx, businessId, now.AddDays(-a), Batch), ct) : 0);
            if (r != new Result(0, 0, 0))
                log.LogInformation("Retention for business {BusinessId}: {Messages} message(s), {Transcripts} transcript(s) expired, {Audit} audit entr(ies) deleted",
                    businessId, r.Messages, r.Transcripts, r.AuditEntries);
            total = new Result(total.Messages + r.Messages, total.Transcripts + r.Transcripts, total.AuditEntries + r.AuditEntries);
        }
        return total;
    }

    private async Task<int> DrainAsync(Func<DbTx, Task<int>> step, CancellationToken ct)
    {
        var done = 0;
        while (!ct.IsCancellationRequested)
        {
            var n = await db.WriteAsync(step, ct);
            done += n;
            if (n < Batch) break;
        }
        return done;
    }
}
