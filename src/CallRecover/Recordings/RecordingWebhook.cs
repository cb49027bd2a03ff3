using System.Globalization;
using CallRecover.Common;
using CallRecover.Queue;
using CallRecover.Telephony;
using Dapper;

namespace CallRecover.Recordings;

/// <summary>
/// <c>POST /webhook/voice/recording?business={id}&amp;kind=voicemail|answered_call</c>: the carrier's recording status
/// callback. Thin: Telephony's signature check, one receipt per RecordingSid (a retry gets the same answer and does
/// nothing), record the recording, enqueue the download, answer 204. The callback carries no To/From, so the tenant
/// comes from the (signed) query string the TwiML put in the callback URL, and the caller from the stored call row.
/// </summary>
public static class RecordingWebhook
{
    public const string Path = "/webhook/voice/recording";

    public static string CallbackUrl(string baseUrl, string businessId, string kind) =>
        $"{baseUrl.TrimEnd('/')}{Path}?business={Uri.EscapeDataString(businessId)}&kind={kind}";

    public static async Task<IResult> HandleAsync(HttpRequest request, CarrierWebhook webhook, BusinessDirectory directory, RecordingStore recordings, CallStore calls, WorkQueue queue,
        TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger(typeof(RecordingWebhook));
        if (await webhook.ReadAsync(request, ct) is not { } form) return CarrierWebhook.Forbidden();
        var businessId = request.Query["business"].ToString();
        var kind = request.Query["kind"].ToString() is RecordingKinds.Voicemail ? RecordingKinds.Voicemail : RecordingKinds.AnsweredCall;
        var sid = form.Get("RecordingSid");
        var url = form.Get("RecordingUrl");
        var status = form.Get("RecordingStatus");
        var callSid = form.Get("CallSid");
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(businessId)) errors["business"] = ["The callback URL must name the business."];
        if (string.IsNullOrWhiteSpace(sid)) errors["RecordingSid"] = ["RecordingSid is required."];
        if (status == "completed" && !Uri.TryCreate(url, UriKind.Absolute, out _)) errors["RecordingUrl"] = ["RecordingUrl must be an absolute URL."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (status != "completed")
        {
            // in-progress: wait for completed; absent/failed: nothing to fetch (a voicemail hung up before the beep).
            log.LogInformation("Recording {RecordingSid} status {Status}: nothing to download", sid, status);
            return TypedResults.NoContent();
        }
        int? duration = int.TryParse(form.Get("RecordingDuration"), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
        // The business first, so the receipt is that business's (and a callback for nobody leaves nothing behind).
        if (await directory.ByIdAsync(businessId, ct) is null) return TypedResults.NotFound();
        var answer = await webhook.OnceAsync("voice/recording", sid, businessId, async tx =>
        {
            var now = clock.GetUtcNow();
            var call = await tx.Connection.QuerySingleOrDefaultAsync<CallRef>(
                "SELECT id, caller_phone FROM calls WHERE business_id = @businessId AND call_sid = @callSid", new { businessId, callSid }, tx.Transaction);
            var recording = new Recording
            {
                Id = Ids.New(), BusinessId = businessId, CallId = call?.Id, CallSid = callSid.Length > 0 ? callSid : null,
                CallerPhone = call?.CallerPhone ?? Phone.CallerIdOrNull(form.Get("From")) ?? "unknown",
                Kind = kind, Origin = "carrier", RecordingSid = sid, RecordingUrl = url, Status = RecordingStatuses.Pending,
                DurationSeconds = duration, CreatedAt = now, UpdatedAt = now,
            };
            if (!await recordings.InsertAsync(tx, recording)) return WebhookAnswer.NoContent;
            if (call is not null && kind == RecordingKinds.Voicemail)
                await calls.MarkVoicemailAsync(tx, businessId, call.Id);
            await queue.EnqueueAsync(tx, new NewWork(RecordingWork.Download, new RecordingWork.Payload(businessId, recording.Id), businessId,
                DedupeKey: $"{RecordingWork.Download}:{recording.Id}", MaxAttempts: 8));
            return WebhookAnswer.NoContent;
        }, ct);
        log.LogInformation("Recording {RecordingSid} for call {CallSid}: answered {Status}", sid, callSid, answer.Status);
        return answer.ToResult();
    }

    private sealed record CallRef
    {
        public string Id { get; init; } = "";
        public string CallerPhone { get; init; } = "";
    }
}
