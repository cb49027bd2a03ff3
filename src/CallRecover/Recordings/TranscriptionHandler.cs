using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Live;
using CallRecover.Notifications;
using CallRecover.Queue;
using Dapper;
using Microsoft.Extensions.Options;

namespace CallRecover.Recordings;

/// <summary>
/// Transcribes a downloaded recording. Failures the service may recover from (429, 5xx, timeouts) are retried by
/// the queue with exponential backoff (honouring Retry-After); on the last attempt, or on an error retrying cannot
/// fix, the transcription is marked failed with the error and the owner is asked to listen. A silent or
/// low-confidence transcript is stored as such and flagged; it then goes on to processing, which does not guess from it.
/// </summary>
public sealed class TranscriptionHandler(
    Db db, RecordingStore recordings, Telephony.CallStore calls, ITranscriber transcriber, WorkQueue queue, Notifier notifier, LiveEvents live,
    IOptions<TranscriptionOptions> options, TimeProvider clock, ILogger<TranscriptionHandler> log) : IWorkHandler
{
    public string Kind => RecordingWork.Transcribe;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<RecordingWork.Payload>();
        var recording = await recordings.GetAsync(p.BusinessId, p.RecordingId, ct) ?? throw new PermanentWorkFailure("Recording not found.");
        var t = await recordings.TranscriptionForAsync(p.BusinessId, p.RecordingId, ct) ?? throw new PermanentWorkFailure("Transcription row not found.");
        if (t.Status != TranscriptionStatuses.Pending) return;

        if (!options.Value.Enabled)
        {
            await FailAsync(recording, t, item.Attempts, "Transcription is not configured (Transcription__Provider=none); listen to the recording.", ct);
            return;
        }
        if (recording.StoragePath is null || !File.Exists(recording.StoragePath))
        {
            await FailAsync(recording, t, item.Attempts, "The audio file is missing.", ct);
            throw new PermanentWorkFailure("The audio file is missing.");
        }

        TranscriptResult result;
        try
        {
            await using var audio = File.OpenRead(recording.StoragePath);
            result = await transcriber.TranscribeAsync(audio, Path.GetFileName(recording.StoragePath), recording.ContentType ?? "audio/mpeg", ct);
        }
        catch (TranscriptionFailed ex)
        {
            var last = !ex.Retryable || item.Attempts >= item.MaxAttempts;
            log.LogWarning("Transcription of {RecordingId} failed (attempt {Attempt}/{Max}, {Final}): {Error}", recording.Id, item.Attempts, item.MaxAttempts, last ? "giving up" : "will retry", ex.Message);
            if (last)
            {
                await FailAsync(recording, t, item.Attempts, ex.QuotaExhausted ? $"Transcription quota exhausted: {ex.Message}" : ex.Message, ct);
                throw new PermanentWorkFailure(ex.Message, ex);
            }
            await db.WriteAsync(tx => recordings.UpdateTranscriptionAsync(tx, t with { Attempts = item.Attempts, Error = ex.Message, UpdatedAt = clock.GetUtcNow() }), ct);
            if (ex.RetryAfter is { } wait) throw new RetryWorkLater(wait, ex.Message, ex);
            throw;
        }

        var now = clock.GetUtcNow();
        var flagged = result.Quality != TranscriptQualities.Ok;
        await db.WriteAsync(async tx =>
        {
            await recordings.UpdateTranscriptionAsync(tx, t with
            {
                Status = TranscriptionStatuses.Done, Quality = result.Quality, Text = result.Text, Language = result.Language, DurationSeconds = result.Duration,
                MeanConfidence = result.MeanConfidence, Segments = Json.Serialize(result.Segments), Engine = transcriber.Engine, Attempts = item.Attempts,
                NeedsReview = flagged, Error = null, UpdatedAt = now,
            });
            if (recording.CallId is not null && result.Quality != TranscriptQualities.Silent)
                await calls.SetTranscriptionAsync(tx, recording.BusinessId, recording.CallId, result.Text);
            await queue.EnqueueAsync(tx, new NewWork(RecordingWork.Process, p, p.BusinessId, DedupeKey: $"{RecordingWork.Process}:{recording.Id}", MaxAttempts: 6));
            tx.AfterCommit(() => live.Publish(p.BusinessId, "call", recording.CallId ?? recording.Id));
        }, ct);
    }

    /// <summary>Marks the transcription failed with its error, and asks the owner to listen (once).</summary>
    private async Task FailAsync(Recording recording, Transcription t, int attempts, string error, CancellationToken ct)
    {
        await db.WriteAsync(async tx =>
        {
            await recordings.UpdateTranscriptionAsync(tx, t with
            {
                Status = TranscriptionStatuses.Failed, Attempts = attempts, NeedsReview = true, Error = error.Length > 1000 ? error[..1000] : error, UpdatedAt = clock.GetUtcNow(),
            });
            var what = recording.Kind == RecordingKinds.Voicemail ? "voicemail" : "recorded call";
            await notifier.NotifyAsync(tx, recording.BusinessId, new OwnerNotice("recording_needs_review", $"Listen to a {what}",
                $"We could not transcribe a {what} from {Phone.Display(recording.CallerPhone)}: {error}",
                new { recordingId = recording.Id, callId = recording.CallId }));
        }, ct);
    }
}
