using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Hosting;
using CallRecover.Queue;
using Dapper;
using Microsoft.Extensions.Options;

namespace CallRecover.Recordings;

/// <summary>
/// <c>POST /webhook/voice/recording?business={id}&amp;kind=voicemail|answered_call</c>: the carrier's recording status
/// callback. Thin: check the signature, record the recording once per RecordingSid, enqueue the download, answer 204.
/// The callback carries no To/From, so the tenant comes from the (signed) query string we put in the callback URL,
/// and the caller from the call row that the incoming-call webhook stored.
/// </summary>
public static class RecordingWebhook
{
    public const string Path = "/webhook/voice/recording";

    public static string CallbackUrl(string baseUrl, string businessId, string kind) =>
        $"{baseUrl.TrimEnd('/')}{Path}?business={Uri.EscapeDataString(businessId)}&kind={kind}";

    public static async Task<IResult> HandleAsync(HttpRequest request, Db db, RecordingStore recordings, WorkQueue queue, IOptions<AppOptions> app,
        IConfiguration config, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger(typeof(RecordingWebhook));
        if (!request.HasFormContentType) return TypedResults.Problem(statusCode: 415, title: "Expected a form post.");
        var form = await request.ReadFormAsync(ct);
        var token = config["Carrier:AuthToken"];
        if (string.IsNullOrEmpty(token) || !WebhookSignature.IsValid(request, form, app.Value.BaseUrl, token))
        {
            log.LogWarning("Recording callback with a bad or missing signature rejected");
            return TypedResults.Problem(statusCode: 403, title: "Invalid signature.");
        }
        var businessId = request.Query["business"].ToString();
        var kind = request.Query["kind"].ToString() is RecordingKinds.Voicemail ? RecordingKinds.Voicemail : RecordingKinds.AnsweredCall;
        var sid = form["RecordingSid"].ToString();
        var url = form["RecordingUrl"].ToString();
        var status = form["RecordingStatus"].ToString();
        var callSid = form["CallSid"].ToString();
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
        int? duration = int.TryParse(form["RecordingDuration"], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
        var now = clock.GetUtcNow();
        var outcome = await db.WriteAsync(async tx =>
        {
            if (await tx.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM businesses WHERE id = @businessId", new { businessId }, tx.Transaction) == 0)
                return "unknown business";
            var call = await tx.Connection.QuerySingleOrDefaultAsync<CallRef>(
                "SELECT id, caller_phone FROM calls WHERE business_id = @businessId AND call_sid = @callSid", new { businessId, callSid }, tx.Transaction);
            var recording = new Recording
            {
                Id = Ids.New(), BusinessId = businessId, CallId = call?.Id, CallSid = callSid.Length > 0 ? callSid : null,
                CallerPhone = call?.CallerPhone ?? (form["From"].ToString() is { Length: > 0 } from ? from : "unknown"),
                Kind = kind, Origin = "carrier", RecordingSid = sid, RecordingUrl = url, Status = RecordingStatuses.Pending,
                DurationSeconds = duration, CreatedAt = now, UpdatedAt = now,
            };
            if (!await recordings.InsertAsync(tx, recording)) return "duplicate";
            if (call is not null && kind == RecordingKinds.Voicemail)
                await tx.Connection.ExecuteAsync("UPDATE calls SET status = 'voicemail', updated_at = @now WHERE business_id = @businessId AND id = @Id AND status IN ('missed','ringing')",
                    new { now, businessId, call.Id }, tx.Transaction);
            await queue.EnqueueAsync(tx, new NewWork(RecordingWork.Download, new RecordingWork.Payload(businessId, recording.Id), businessId,
                DedupeKey: $"{RecordingWork.Download}:{recording.Id}", MaxAttempts: 8));
            return "queued";
        }, ct);
        if (outcome == "unknown business") return TypedResults.NotFound();
        log.LogInformation("Recording {RecordingSid} for call {CallSid}: {Outcome}", sid, callSid, outcome);
        return TypedResults.NoContent();
    }

    private sealed record CallRef
    {
        public string Id { get; init; } = "";
        public string CallerPhone { get; init; } = "";
    }
}

/// <summary>
/// X-Twilio-Signature / X-SignalWire-Signature (WIRE.md): HMAC-SHA1 over the public URL plus the sorted form
/// parameters, checked in constant time, with and without the default port.
/// </summary>
public static class WebhookSignature
{
    public static bool IsValid(HttpRequest request, IFormCollection form, string publicBaseUrl, string authToken)
    {
        var given = request.Headers["X-Twilio-Signature"].ToString();
        if (given.Length == 0) given = request.Headers["X-SignalWire-Signature"].ToString();
        if (given.Length == 0) return false;
        var suffix = request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        var parameters = form.SelectMany(kv => kv.Value.Select(v => (kv.Key, Value: v ?? ""))).ToList();
        return BaseVariants(publicBaseUrl.TrimEnd('/')).Any(b => FixedEquals(Compute(b + suffix, parameters, authToken), given));
    }

    /// <summary>The configured base URL as is, and with its default port toggled (the carrier may have signed either).</summary>
    public static IEnumerable<string> BaseVariants(string baseUrl)
    {
        yield return baseUrl;
        var schemeEnd = baseUrl.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) yield break;
        var scheme = baseUrl[..schemeEnd];
        var start = schemeEnd + 3;
        var slash = baseUrl.IndexOf('/', start);
        var authority = slash < 0 ? baseUrl[start..] : baseUrl[start..slash];
        var path = slash < 0 ? "" : baseUrl[slash..];
        var colon = authority.LastIndexOf(':');
        var defaultPort = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? "443" : "80";
        if (colon >= 0)
        {
            if (authority[(colon + 1)..] == defaultPort) yield return $"{scheme}://{authority[..colon]}{path}";
        }
        else yield return $"{scheme}://{authority}:{defaultPort}{path}";
    }

    public static string Compute(string url, IEnumerable<(string Key, string Value)> parameters, string authToken)
    {
        var sb = new StringBuilder(url);
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
            sb.Append(key).Append(value);
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(authToken));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
