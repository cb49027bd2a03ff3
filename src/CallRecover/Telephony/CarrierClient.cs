using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CallRecover.Telephony;

/// <summary>A text to hand to the carrier.</summary>
public sealed record CarrierSms(string To, string From, string Body, string StatusCallback);

public enum CarrierOutcome
{
    /// <summary>The carrier took it (201): <see cref="CarrierSendResult.Sid"/> is set.</summary>
    Accepted,
    /// <summary>The carrier refused it for good (4xx with a code).</summary>
    Rejected,
    /// <summary>Certainly not sent (429, connection refused): safe to send again.</summary>
    NotSent,
    /// <summary>Unknown (5xx, timeout, connection dropped): the carrier may have taken it; ask before sending again.</summary>
    Unknown,
}

public sealed record CarrierSendResult(CarrierOutcome Outcome, string? Sid = null, string? Status = null, string? ErrorCode = null,
    string? ErrorMessage = null, TimeSpan? RetryAfter = null);

/// <summary>A message the carrier already has, found when reconciling an attempt whose outcome we never learned.</summary>
public sealed record CarrierMessage(string Sid, string Status);

/// <summary>The carrier's messaging API: Twilio-compatible REST (Twilio, SignalWire) or the built-in simulator.</summary>
public interface ICarrierClient
{
    Task<CarrierSendResult> SendAsync(CarrierSms sms, CancellationToken ct);

    /// <summary>
    /// Looks for a text to <paramref name="to"/> from <paramref name="from"/> with this body created since <paramref name="since"/>
    /// whose SID is not in <paramref name="knownSids"/>: proof that an earlier attempt reached the carrier.
    /// </summary>
    Task<CarrierMessage?> FindAsync(string to, string from, string body, DateTimeOffset since, IReadOnlySet<string> knownSids, CancellationToken ct);
}

/// <summary>Twilio's 2010-04-01 REST API (also SignalWire's compatibility API): form POST with Basic auth, JSON answers.</summary>
public sealed class TwilioCompatibleClient(IHttpClientFactory httpFactory, IOptions<CarrierOptions> options) : ICarrierClient
{
    public const string HttpClientName = "carrier";

    /// <summary>The circuit opens when half of at least this many requests in <see cref="CircuitSampling"/> failed.</summary>
    public const int CircuitMinimumThroughput = 10;
    public static readonly TimeSpan CircuitSampling = TimeSpan.FromSeconds(30), CircuitBreak = TimeSpan.FromSeconds(15);

    private readonly CarrierOptions _o = options.Value;
    private HttpClient Http => httpFactory.CreateClient(HttpClientName);

    /// <summary>
    /// The carrier's HTTP client. Only idempotent requests (the reconciliation GET) are retried here: 429 / 5xx /
    /// timeouts / connection errors, twice, exponential with jitter or after Retry-After, within a total timeout. A text's
    /// POST is never retried by the HTTP layer: the send path decides, after asking the carrier whether an in-doubt
    /// attempt went through. A circuit breaker over both stops calling a carrier that keeps failing (a send then
    /// reports <see cref="CarrierOutcome.NotSent"/>: it certainly did not leave).
    /// </summary>
    /// <summary>Three attempts and the retries' waits (at most 30 s each, plus jitter).</summary>
    internal static TimeSpan TotalTimeout(TimeSpan attempt) => attempt * 3 + TimeSpan.FromSeconds(62);

    public static void AddHttpClient(IServiceCollection services) =>
        // Its request logging would write the URL, and a reconciliation URL carries phone numbers: logs must not.
        services.AddHttpClient(HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers()
            .AddResilienceHandler("carrier", (pipeline, context) =>
            {
                var attempt = context.ServiceProvider.GetRequiredService<IOptions<CarrierOptions>>().Value.RequestTimeout;
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2, Delay = TimeSpan.FromMilliseconds(500), BackoffType = DelayBackoffType.Exponential, UseJitter = true,
                    ShouldRetryAfterHeader = true, MaxDelay = TimeSpan.FromSeconds(30),
                };
                retry.DisableForUnsafeHttpMethods();
                pipeline.AddTimeout(TotalTimeout(attempt))
                    .AddRetry(retry)
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.5, MinimumThroughput = CircuitMinimumThroughput, SamplingDuration = CircuitSampling, BreakDuration = CircuitBreak,
                    })
                    .AddTimeout(attempt);
            });

    private HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content = null) => NewRequest(_o, method, url, content);

    /// <summary>A request to the carrier's REST API with its Basic auth (Account SID / Auth Token) and a JSON answer asked for.</summary>
    internal static HttpRequestMessage NewRequest(CarrierOptions o, HttpMethod method, string url, HttpContent? content = null)
    {
        var r = new HttpRequestMessage(method, url) { Content = content };
        r.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.AccountSid}:{o.AuthToken}")));
        r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return r;
    }

    public async Task<CarrierSendResult> SendAsync(CarrierSms sms, CancellationToken ct)
    {
        using var content = new FormUrlEncodedContent([new("To", sms.To), new("From", sms.From), new("Body", sms.Body), new("StatusCallback", sms.StatusCallback)]);
        using var request = Request(HttpMethod.Post, $"{_o.AccountUrl}/Messages.json", content);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_o.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, timeout.Token);
        }
        catch (BrokenCircuitException)
        {
            return new(CarrierOutcome.NotSent, ErrorMessage: "The carrier failed repeatedly; not calling it for a moment.");
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutRejectedException && !ct.IsCancellationRequested)
        {
            return new(CarrierOutcome.Unknown, ErrorMessage: "Timed out waiting for the carrier.");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            return new(CarrierOutcome.NotSent, ErrorMessage: $"Could not connect to the carrier: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            return new(CarrierOutcome.Unknown, ErrorMessage: $"Carrier request failed: {ex.Message}");
        }
        using (response)
        {
            string text;
            try { text = await response.Content.ReadAsStringAsync(timeout.Token); }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException && !ct.IsCancellationRequested)
            {
                return new(CarrierOutcome.Unknown, ErrorMessage: "The carrier's answer was cut off.");
            }
            var json = TryParse(text);
            var code = json is { } j && j.TryGetProperty("code", out var c) && c.ValueKind is JsonValueKind.Number or JsonValueKind.String ? c.ToString() : null;
            var message = json is { } m && m.TryGetProperty("message", out var msg) && msg.ValueKind == JsonValueKind.String ? msg.GetString() : null;
            var status = (int)response.StatusCode;
            if (status is 200 or 201)
            {
                var sid = json?.TryGetProperty("sid", out var s) == true ? s.GetString() : null;
                if (string.IsNullOrEmpty(sid)) return new(CarrierOutcome.Unknown, ErrorMessage: "The carrier accepted but sent no SID.");
                var st = json?.TryGetProperty("status", out var st0) == true && st0.ValueKind == JsonValueKind.String ? st0.GetString() : "queued";
                var ec = json?.TryGetProperty("error_code", out var e) == true && e.ValueKind is JsonValueKind.Number or JsonValueKind.String ? e.ToString() : null;
                return new(CarrierOutcome.Accepted, sid, st, ec);
            }
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                return new(CarrierOutcome.NotSent, ErrorCode: code ?? "429", ErrorMessage: message ?? "Rate limited by the carrier.", RetryAfter: RetryAfter(response));
            if (status >= 500) return new(CarrierOutcome.Unknown, ErrorCode: code, ErrorMessage: message ?? $"Carrier error {status}.", RetryAfter: RetryAfter(response));
            return new(CarrierOutcome.Rejected, ErrorCode: code ?? status.ToString(CultureInfo.InvariantCulture), ErrorMessage: message ?? $"Carrier refused the text ({status}).");
        }
    }

    public async Task<CarrierMessage?> FindAsync(string to, string from, string body, DateTimeOffset since, IReadOnlySet<string> knownSids, CancellationToken ct)
    {
        // Twilio's filter is the parameter name "DateSent>" with a date: everything sent on or after that day.
        var day = since.UtcDateTime.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var url = $"{_o.AccountUrl}/Messages.json?To={Uri.EscapeDataString(to)}&From={Uri.EscapeDataString(from)}&{Uri.EscapeDataString("DateSent>")}={day}&PageSize=100";
        using var request = Request(HttpMethod.Get, url);
        // Attempt timeouts and retries are the client's resilience handler's (a GET is safe to repeat); this bounds the whole.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TotalTimeout(_o.RequestTimeout));
        using var response = await Http.SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Listing messages at the carrier failed with {(int)response.StatusCode}.", null, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        if (!doc.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array) return null;
        CarrierMessage? best = null;
        DateTimeOffset bestAt = DateTimeOffset.MaxValue;
        foreach (var m in messages.EnumerateArray())
        {
            var sid = Str(m, "sid");
            if (sid is null || knownSids.Contains(sid) || Str(m, "body") != body) continue;
            if (Str(m, "to") != to || Str(m, "from") != from) continue;
            var created = ParseDate(Str(m, "date_created")) ?? ParseDate(Str(m, "date_sent"));
            if (created is { } at && at < since.AddMinutes(-5)) continue;
            var at2 = created ?? since;
            if (at2 < bestAt) { best = new CarrierMessage(sid, Str(m, "status") ?? "queued"); bestAt = at2; }
        }
        return best;
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Twilio dates are RFC 2822 ("Mon, 16 Aug 2010 03:45:01 +0000").</summary>
    private static DateTimeOffset? ParseDate(string? s) =>
        s is not null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private static JsonElement? TryParse(string text)
    {
        try { return string.IsNullOrWhiteSpace(text) ? null : JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { return null; }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } d ? d - response.Headers.Date.GetValueOrDefault(d) : null);
}
