using CallRecover.Data;
using Dapper;
using Microsoft.Extensions.Options;

namespace CallRecover.Recordings;

/// <summary>
/// Deletes audio past its business's retention (delete_after) and keeps the transcript, extraction and metadata.
/// Idempotent and safe on several nodes: a file already gone is fine, and the row update is conditional.
/// </summary>
public sealed class RecordingRetentionWorker(Db db, RecordingStore recordings, IOptions<RecordingOptions> options, TimeProvider clock,
    ILogger<RecordingRetentionWorker> log) : BackgroundService
{
    public const string Name = "recordings.retention";

    public TimeSpan Interval => options.Value.RetentionInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await RunOnceAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { log.LogError(ex, "Recording retention run failed"); }
            try { await Task.Delay(Interval, clock, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }

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
                    await tx.Connection.ExecuteAsync("""
                        UPDATE recordings SET status = 'deleted', storage_path = NULL, deleted_at = @now, updated_at = @now
                        WHERE business_id = @BusinessId AND id = @Id AND deleted_at IS NULL
                        """, new { now, r.BusinessId, r.Id }, tx.Transaction);
                    if (r.CallId is not null)
                        await tx.Connection.ExecuteAsync("UPDATE calls SET recording_path = NULL, updated_at = @now WHERE business_id = @BusinessId AND id = @CallId",
                            new { now, r.BusinessId, r.CallId }, tx.Transaction);
                }, ct);
                deleted++;
            }
            log.LogInformation("Retention deleted {Count} recording file(s)", due.Count);
        }
    }
}
