using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Dapper;

namespace CallRecover.Recordings;

/// <summary>Recording settings, recordings and their audio, and typed voicemails (the simulator's stand-in for a recording).</summary>
public static class RecordingsEndpoints
{
    /// <summary>
    /// The carrier webhook, the signed-link audio route, the operator's routes under /api/admin/businesses/{businessId}
    /// and the dashboard's audio (streamed only to the signed-in business, with ranges so the player can seek).
    /// </summary>
    public static AppRoutes MapRecordings(this AppRoutes routes)
    {
        var app = routes.App;
        app.MapPost(RecordingWebhook.Path, RecordingWebhook.HandleAsync).DisableAntiforgery().RequireRateLimiting(RateLimits.Webhooks);
        routes.Dashboard.MapGet("/recordings/{id}/audio", async (string id, HttpContext http, RecordingStore recordings, CancellationToken ct) =>
            RequestTenant.BusinessId(http) is { } b ? await AudioAsync(b, id, recordings, ct) : Results.NotFound());
        routes.MapRecordingsAdmin();
        app.MapGet("/recordings/audio", async (string? token, RecordingLinks links, RecordingStore recordings, CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(token) || links.Read(token) is not { } target) return Results.Problem(statusCode: 403, title: "This link is invalid or has expired.");
            return await AudioAsync(target.BusinessId, target.RecordingId, recordings, ct);
        }).SecretInUrl().RequireRateLimiting(RateLimits.Links);
        return routes;
    }

    private static void MapRecordingsAdmin(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/recording-settings", async (string businessId, BusinessStore businesses, RecordingSettingsStore settings, CancellationToken ct) =>
            await businesses.GetAsync(businessId, ct) is null ? Problems.Missing("business", businessId) : TypedResults.Ok(await settings.GetAsync(businessId, ct)));
        one.MapPut("/recording-settings", SaveSettings);
        one.MapGet("/recordings", async (string businessId, RecordingStore recordings, CancellationToken ct) => TypedResults.Ok(await recordings.ListAsync(businessId, ct: ct)));
        one.MapGet("/recordings/{recordingId}", async (string businessId, string recordingId, RecordingStore recordings, CancellationToken ct) =>
            await recordings.DetailAsync(businessId, recordingId, ct) is { } d ? TypedResults.Ok(d) : Problems.Missing("recording", recordingId));
        one.MapGet("/recordings/{recordingId}/audio", (string businessId, string recordingId, RecordingStore recordings, CancellationToken ct) =>
            AudioAsync(businessId, recordingId, recordings, ct));
        one.MapPost("/recordings/{recordingId}/link", async (string businessId, string recordingId, RecordingStore recordings, RecordingLinks links, CancellationToken ct) =>
        {
            if (await recordings.GetAsync(businessId, recordingId, ct) is not { HasAudio: true }) return Problems.Missing("recording audio", recordingId);
            var (url, expires) = links.Create(businessId, recordingId);
            return TypedResults.Ok(new { url, expiresAt = expires });
        });
        one.MapPost("/voicemails", LeaveTypedVoicemail);
    }

    /// <summary>Streams one business's recording (range requests allowed). For routes that have already checked the user belongs to <paramref name="businessId"/>.</summary>
    public static async Task<IResult> AudioAsync(string businessId, string recordingId, RecordingStore recordings, CancellationToken ct)
    {
        var r = await recordings.GetAsync(businessId, recordingId, ct);
        if (r is not { HasAudio: true } || !File.Exists(r.StoragePath)) return Problems.Missing("recording audio", recordingId);
        return TypedResults.PhysicalFile(Path.GetFullPath(r.StoragePath!), r.ContentType ?? "audio/mpeg", enableRangeProcessing: true);
    }

    private static async Task<IResult> SaveSettings(string businessId, HttpRequest request, BusinessStore businesses, RecordingSettingsService settings, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is null) return Problems.Missing("business", businessId);
        var errors = new Dictionary<string, string[]>();
        var input = await Problems.ReadAsync<RecordingSettingsInput>(request, "body", errors, ct);
        var saved = input is null ? null : await settings.SaveAsync(businessId, input, errors, ct);
        return saved is null ? TypedResults.ValidationProblem(errors, title: "The recording settings are not valid.") : TypedResults.Ok(saved);
    }

    /// <summary>Body: <c>{"from": "+19045550134", "text": "Hi, this is Maria..."}</c>.</summary>
    public sealed record TypedVoicemailInput(string? From, string? Text);

    /// <summary>
    /// A voicemail "left" as typed text (the simulator and the default run have no audio): a missed call with a
    /// voicemail, whose transcript is the text, processed exactly like a transcribed recording.
    /// </summary>
    private static async Task<IResult> LeaveTypedVoicemail(string businessId, HttpRequest request, BusinessStore businesses, TypedVoicemails voicemails, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is null) return Problems.Missing("business", businessId);
        var errors = new Dictionary<string, string[]>();
        var input = await Problems.ReadAsync<TypedVoicemailInput>(request, "body", errors, ct);
        var from = input is null ? null : TypedVoicemails.Validate(input.From, input.Text, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The voicemail is not valid.");
        var recording = await voicemails.LeaveAsync(businessId, from!, input!.Text!.Trim(), ct);
        return TypedResults.Created($"/api/admin/businesses/{businessId}/recordings/{recording.Id}", recording);
    }
}

/// <summary>Typed voicemails: a call (status voicemail), a recording (origin typed) and a finished transcript, then processing.</summary>
public sealed class TypedVoicemails(Db db, RecordingStore recordings, Telephony.CallStore calls, WorkQueue queue, Live.LiveEvents live, TimeProvider clock)
{
    /// <summary>Checks a typed voicemail's caller and words (operator API and simulator alike); returns the caller in E.164.</summary>
    public static string? Validate(string? from, string? text, Dictionary<string, string[]> errors)
    {
        var caller = Phone.NormalizeOrNull(from);
        if (caller is null) errors["from"] = ["from must be a phone number."];
        if (string.IsNullOrWhiteSpace(text)) errors["text"] = ["text (what the caller said) is required."];
        else if (text.Length > 5000) errors["text"] = ["At most 5000 characters."];
        return caller;
    }

    public async Task<Recording> LeaveAsync(string businessId, string from, string text, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var callId = Ids.New();
        var recording = new Recording
        {
            Id = Ids.New(), BusinessId = businessId, CallId = callId, CallSid = $"SIM-VM-{callId}", CallerPhone = from, Kind = RecordingKinds.Voicemail,
            Origin = "typed", RecordingSid = $"typed-{callId}", Status = RecordingStatuses.Typed, CreatedAt = now, UpdatedAt = now,
        };
        await db.WriteAsync(async tx =>
        {
            await calls.InsertTypedVoicemailAsync(tx, businessId, callId, recording.CallSid!, from, afterHours: false, text);
            await recordings.InsertAsync(tx, recording);
            await recordings.EnsureTranscriptionAsync(tx, new Transcription
            {
                Id = Ids.New(), BusinessId = businessId, RecordingId = recording.Id, Status = TranscriptionStatuses.Done, Quality = TranscriptQualities.Ok,
                Text = text, Language = "en", MeanConfidence = 1, Engine = "typed", Attempts = 0, CreatedAt = now, UpdatedAt = now,
            });
            await queue.EnqueueAsync(tx, new NewWork(RecordingWork.Process, new RecordingWork.Payload(businessId, recording.Id), businessId,
                DedupeKey: $"{RecordingWork.Process}:{recording.Id}", MaxAttempts: 6));
            tx.AfterCommit(() => live.Publish(businessId, "call", callId));
        }, ct);
        return recording;
    }
}
