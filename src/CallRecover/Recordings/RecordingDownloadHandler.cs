using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Live;
using CallRecover.Queue;
using Dapper;
using Microsoft.Extensions.Options;

namespace CallRecover.Recordings;

/// <summary>Work item kinds and payloads of the recorded-call pipeline: download → transcribe → process.</summary>
public static class RecordingWork
{
    public const string Download = "recording.download", Transcribe = "recording.transcribe", Process = "recording.process";
    public sealed record Payload(string BusinessId, string RecordingId);
}

/// <summary>
/// Downloads a recording from the carrier (<c>RecordingUrl + ".mp3"</c>, Basic auth, redirects followed), checks that
/// it is audio of a plausible size, stores it under <see cref="RecordingOptions.Path"/> and queues the transcription
/// in the same transaction as the metadata. A 404 right after the callback is the carrier still finishing the file: retried.
/// </summary>
public sealed class RecordingDownloadHandler(
    Db db, RecordingStore recordings, Telephony.CallStore calls, RecordingSettingsStore settings, WorkQueue queue, IHttpClientFactory http, LiveEvents live, Notifications.Notifier notifier,
    IOptions<RecordingOptions> options, IOptions<TranscriptionOptions> transcription, IConfiguration config, TimeProvider clock,
    ILogger<RecordingDownloadHandler> log) : IWorkHandler
{
    public const string HttpClientName = "recordings";
    private readonly RecordingOptions _o = options.Value;

    public string Kind => RecordingWork.Download;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<RecordingWork.Payload>();
        var recording = await recordings.GetAsync(p.BusinessId, p.RecordingId, ct) ?? throw new PermanentWorkFailure("Recording not found.");
        if (recording.Status != RecordingStatuses.Pending) return;
        if (string.IsNullOrEmpty(recording.RecordingUrl)) throw new PermanentWorkFailure("Recording has no URL.");

        var url = recording.RecordingUrl.EndsWith(".mp3", StringComparison.OrdinalIgnoreCase) || recording.RecordingUrl.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)
            ? recording.RecordingUrl : recording.RecordingUrl + ".mp3";
        var dir = Path.Combine(_o.Path, SafeName(p.BusinessId));
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{SafeName(recording.RecordingSid)}.{Guid.NewGuid():N}.part");
        try
        {
            var (size, contentType, extension) = await DownloadAsync(url, temp, recording.DurationSeconds, item, ct);
            var final = Path.Combine(dir, $"{SafeName(recording.RecordingSid)}.{extension}");
            File.Move(temp, final, overwrite: true);
            var now = clock.GetUtcNow();
            await db.WriteAsync(async tx =>
            {
                var retention = (await settings.GetAsync(tx, p.BusinessId)).RetentionDays;
                await recordings.UpdateAsync(tx, recording with
                {
                    Status = RecordingStatuses.Downloaded, StoragePath = final, SizeBytes = size, ContentType = contentType, DownloadedAt = now,
                    DeleteAfter = now.AddDays(retention), Error = null, UpdatedAt = now,
                });
                if (recording.CallId is not null)
                    await calls.SetRecordingAsync(tx, recording.BusinessId, recording.CallId, recording.RecordingUrl, final);
                await recordings.EnsureTranscriptionAsync(tx, new Transcription
                {
                    Id = Ids.New(), BusinessId = p.BusinessId, RecordingId = recording.Id, Status = TranscriptionStatuses.Pending,
                    Engine = transcription.Value.Enabled ? $"whisper:{transcription.Value.Model}" : "none", CreatedAt = now, UpdatedAt = now,
                });
                await queue.EnqueueAsync(tx, new NewWork(RecordingWork.Transcribe, p, p.BusinessId, DedupeKey: $"{RecordingWork.Transcribe}:{recording.Id}",
                    MaxAttempts: transcription.Value.MaxAttempts));
                tx.AfterCommit(() => live.Publish(p.BusinessId, "call", recording.CallId ?? recording.Id));
            }, ct);
            log.LogInformation("Recording {RecordingId} downloaded ({Size} bytes, {ContentType})", recording.Id, size, contentType);
        }
        // The partial file goes before the failure is recorded: a recording shown as failed leaves nothing on disk (CI once
        // saw the .part file still there right after the status read "failed").
        catch (PermanentWorkFailure ex)
        {
            Discard(temp);
            await MarkFailedAsync(recording, ex.Message, ct);
            throw;
        }
        catch (Exception ex) when (item.Attempts >= item.MaxAttempts && ex is not OperationCanceledException)
        {
            Discard(temp);
            await MarkFailedAsync(recording, ex.Message, ct);
            throw;
        }
        finally
        {
            Discard(temp);
        }
    }

    private static void Discard(string temp)
    {
        if (File.Exists(temp)) File.Delete(temp);
    }

    private async Task<(long Size, string ContentType, string Extension)> DownloadAsync(string url, string temp, int? duration, WorkItem item, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var user = _o.DownloadUser ?? config["Carrier:AccountSid"];
        var password = _o.DownloadPassword ?? config["Carrier:AuthToken"];
        // The default handler drops Authorization when a redirect leaves the host, so the carrier's token never reaches a storage CDN.
        if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password))
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_o.DownloadTimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Recording download timed out after {_o.DownloadTimeoutSeconds} s.");
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests && response.Headers.RetryAfter?.Delta is { } wait)
                throw new RetryWorkLater(wait, "Carrier asked to retry the download later.");
            if (status is 401 or 403 && item.Attempts >= 3) throw new PermanentWorkFailure($"Recording download refused (HTTP {status}): check the carrier credentials.");
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"Recording download failed: HTTP {status}.");

            var contentType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? "";
            var declared = response.Content.Headers.ContentLength;
            if (declared > _o.MaxBytes) throw new PermanentWorkFailure($"Recording is {declared} bytes, over the {_o.MaxBytes}-byte limit.");
            long size = 0;
            var head = new byte[12];
            var headLength = 0;
            await using (var source = await response.Content.ReadAsStreamAsync(timeout.Token))
            await using (var target = File.Create(temp))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer, timeout.Token)) > 0)
                {
                    if (headLength < head.Length)
                    {
                        var take = Math.Min(read, head.Length - headLength);
                        Array.Copy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }
                    size += read;
                    if (size > _o.MaxBytes) throw new PermanentWorkFailure($"Recording is over the {_o.MaxBytes}-byte limit.");
                    await target.WriteAsync(buffer.AsMemory(0, read), timeout.Token);
                }
            }
            if (declared is { } d && d != size) throw new HttpRequestException($"Recording download truncated: {size} of {d} bytes.");
            var format = Sniff(head.AsSpan(0, headLength));
            if (format is null) throw new PermanentWorkFailure($"The download is not mp3 or wav audio (Content-Type '{contentType}').");
            if (contentType.Length > 0 && !contentType.StartsWith("audio/", StringComparison.Ordinal) && contentType != "application/octet-stream")
                throw new PermanentWorkFailure($"The download is '{contentType}', not audio.");
            var minimum = Math.Max(256, (duration ?? 0) * (long)_o.MinBytesPerSecond);
            if (size < minimum) throw new HttpRequestException($"Recording is {size} bytes, too small for {duration ?? 0} s of audio (at least {minimum} expected).");
            return (size, format == "wav" ? "audio/wav" : "audio/mpeg", format);
        }
    }

    /// <summary>mp3 (ID3 tag or MPEG frame sync) or wav (RIFF....WAVE), from the first bytes.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') return "mp3";
        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0) return "mp3";
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8)) return "wav";
        return null;
    }

    public static string SafeName(string s) => new([.. s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);

    /// <summary>Marks the recording failed with the reason and tells the owner to call back: nobody will hear this message otherwise.</summary>
    private Task MarkFailedAsync(Recording recording, string error, CancellationToken ct) =>
        db.WriteAsync(async tx =>
        {
            await recordings.UpdateAsync(tx, recording with { Status = RecordingStatuses.Failed, Error = error.Length > 500 ? error[..500] : error, UpdatedAt = clock.GetUtcNow() });
            var what = recording.Kind == RecordingKinds.Voicemail ? "voicemail" : "call recording";
            await notifier.NotifyAsync(tx, recording.BusinessId, new Notifications.OwnerNotice("recording_needs_review", $"A {what} could not be fetched",
                $"We could not download the {what} from {Phone.Display(recording.CallerPhone)}: {error} Call them back.", new { recordingId = recording.Id, callId = recording.CallId }));
        }, ct);
}
