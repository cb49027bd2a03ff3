using CallRecover.Data;
using CallRecover.Queue;
using CallRecover.Telephony;
using Microsoft.Extensions.Options;

namespace CallRecover.Recordings;

/// <summary>
/// Deletes audio past its business's retention (delete_after) and keeps the transcript, extraction and metadata.
/// A scheduled task (every <c>Recordings:RetentionInterval</c>); idempotent: a file already gone is fine, and the row
/// update is conditional.
/// </summary>
public sealed class RecordingRetentionWorker(Db db, RecordingStore recordings, CallStore calls, IOptions<RecordingOptions> options, TimeProvider clock,
    ILogger<RecordingRetentionWorker> log) : IScheduledTask
{
    public string Key => "recordings.retention";
    public string Name => "Recording retention";
    public string Description => "Deletes recorded audio past its business's retention; keeps transcripts and metadata.";
    public TimeSpan Interval => options.Value.RetentionInterval;

    public async Task<string?> RunAsync(CancellationToken ct) => $"{await RunOnceAsync(ct)} recording file(s) deleted";

    /// <summary>Deletes every recording due now; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var deleted = 0;
        while (true)
        {
            var now = clock.GetUtcNow();
            var due = await recordings.DueForDeletionAsync(now, 200, ct);
            if (due.Count == 0) return deleted;
            foreach (var r in due)
            {
                if (r.StoragePath is not null && File.Exists(r.StoragePath)) File.Delete(r.StoragePath);
                await db.WriteAsync(async tx =>
                {
                    await recordings.MarkAudioDeletedAsync(tx, r.BusinessId, r.Id, now);
                    if (r.CallId is not null) await calls.ClearRecordingPathAsync(tx, r.BusinessId, r.CallId);
                }, ct);
                deleted++;
            }
            log.LogInformation("Retention deleted {Count} recording file(s)", due.Count);
        }
    }
}
