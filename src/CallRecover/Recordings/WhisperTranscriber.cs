using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Audio;

namespace CallRecover.Recordings;

/// <summary>A finished transcript with our confidence figures.</summary>
public sealed record TranscriptResult(string Text, string? Language, double? Duration, IReadOnlyList<TranscriptSegment> Segments, double MeanConfidence, string Quality);

/// <summary>A transcription attempt that failed. <see cref="Retryable"/>: 429 (not quota), 5xx, timeouts.</summary>
public sealed class TranscriptionFailed(string message, bool retryable, TimeSpan? retryAfter = null, bool quotaExhausted = false) : Exception(message)
{
    public bool Retryable { get; } = retryable;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    public bool QuotaExhausted { get; } = quotaExhausted;
}

/// <summary>Speech to text. Implementations: a Whisper-compatible HTTP API; the simulator's typed voicemail needs none.</summary>
public interface ITranscriber
{
    string Engine { get; }
    Task<TranscriptResult> TranscribeAsync(Stream audio, string fileName, string contentType, CancellationToken ct);
}

/// <summary>
/// <c>POST {BaseUrl}/audio/transcriptions</c> through the OpenAI package's <see cref="AudioClient"/> (custom endpoint,
/// <c>response_format=verbose_json</c>, <c>language</c>), over the <see cref="HttpClientName"/> client. Segment confidence
/// follows WIRE.md: <c>avg_logprob &lt; -1</c> is low confidence, and with a high <c>no_speech_prob</c> it is silence.
/// One attempt per call (the package's retries are off): retries are the work queue's (durable, backed off).
/// </summary>
public sealed partial class WhisperTranscriber(IHttpClientFactory http, IOptions<TranscriptionOptions> options) : ITranscriber
{
    public const string HttpClientName = "whisper";
    private const double NoSpeechThreshold = 0.6;
    private readonly TranscriptionOptions _o = options.Value;
    private AudioClient? _client;

    public string Engine => $"whisper:{_o.Model}";

    private AudioClient Client => _client ??= new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(_o.ApiKey) ? "none" : _o.ApiKey), new OpenAIClientOptions
    {
        Endpoint = new Uri(_o.BaseUrl.TrimEnd('/')),
        NetworkTimeout = TimeSpan.FromSeconds(_o.TimeoutSeconds),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        Transport = new HttpClientPipelineTransport(http.CreateClient(HttpClientName)),
    }).GetAudioClient(_o.Model);

    public async Task<TranscriptResult> TranscribeAsync(Stream audio, string fileName, string contentType, CancellationToken ct)
    {
        var request = new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Verbose };
        if (!string.IsNullOrWhiteSpace(_o.Language)) request.Language = _o.Language;
        ClientResult<AudioTranscription> result;
        try
        {
            result = await Client.TranscribeAudioAsync(audio, fileName, request, ct);
        }
        catch (ClientResultException ex) when (ex.GetRawResponse() is { } raw)
        {
            throw Failure(raw);
        }
        catch (ClientResultException ex)
        {
            throw new TranscriptionFailed($"Transcription service unreachable: {ex.Message}", retryable: true);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            throw new TranscriptionFailed($"Transcription timed out after {_o.TimeoutSeconds} s.", retryable: true);
        }
        catch (HttpRequestException ex)
        {
            throw new TranscriptionFailed($"Transcription service unreachable: {ex.Message}", retryable: true);
        }
        // Our confidence figures come from the documented verbose_json fields, read from the raw answer.
        return Parse(result.GetRawResponse().Content.ToString(), _o.LowConfidenceThreshold);
    }

    private static TranscriptionFailed Failure(PipelineResponse response)
    {
        var body = response.Content.ToString();
        string? code = null, message = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                code = e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                message = e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }
        }
        catch (JsonException) { /* not the documented error shape */ }
        var status = response.Status;
        var text = $"HTTP {status}{(code is null ? "" : $" {code}")}: {message ?? (body.Length > 200 ? body[..200] : body)}";
        if (status == 429)
        {
            // insufficient_quota will not fix itself by waiting: stop and tell the operator.
            if (code == "insufficient_quota") return new TranscriptionFailed(text, retryable: false, quotaExhausted: true);
            return new TranscriptionFailed(text, retryable: true, RetryAfter(response.Headers));
        }
        return new TranscriptionFailed(text, retryable: status >= 500 || status == 408);
    }

    /// <summary>Retry-After in seconds, else OpenAI's x-ratelimit-reset-requests/-tokens ("1s", "6m0s", "250ms").</summary>
    public static TimeSpan? RetryAfter(PipelineResponseHeaders headers)
    {
        if (headers.TryGetValue("Retry-After", out var ra) && ra is not null
            && double.TryParse(ra, NumberStyles.Float, CultureInfo.InvariantCulture, out var secs)) return TimeSpan.FromSeconds(Math.Max(0, secs));
        foreach (var name in new[] { "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens" })
            if (headers.TryGetValue(name, out var value) && value is not null && ParseDuration(value) is { } d) return d;
        return null;
    }

    public static TimeSpan? ParseDuration(string s)
    {
        var total = TimeSpan.Zero;
        var any = false;
        foreach (Match m in DurationPart().Matches(s))
        {
            var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            total += m.Groups["u"].Value switch { "ms" => TimeSpan.FromMilliseconds(n), "s" => TimeSpan.FromSeconds(n), "m" => TimeSpan.FromMinutes(n), _ => TimeSpan.FromHours(n) };
            any = true;
        }
        return any ? total : null;
    }

    /// <summary>Reads a verbose_json answer and rates it: per-segment confidence exp(avg_logprob) (0 for silence), call-level the duration-weighted mean.</summary>
    public static TranscriptResult Parse(string json, double lowThreshold)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var text = root.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
        var language = root.TryGetProperty("language", out var l) ? l.GetString() : null;
        double? duration = root.TryGetProperty("duration", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDouble() : null;
        var segments = new List<TranscriptSegment>();
        if (root.TryGetProperty("segments", out var segs) && segs.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in segs.EnumerateArray())
            {
                var avg = Num(s, "avg_logprob", 0);
                var noSpeech = Num(s, "no_speech_prob", 0);
                var low = avg < -1;
                var silence = low && noSpeech > NoSpeechThreshold;
                var confidence = silence ? 0 : Math.Round(Math.Clamp(Math.Exp(avg) * (1 - noSpeech / 2), 0, 1), 3);
                segments.Add(new TranscriptSegment(Num(s, "start", 0), Num(s, "end", 0), (s.TryGetProperty("text", out var st) ? st.GetString() : "")?.Trim() ?? "",
                    avg, noSpeech, confidence, low, silence));
            }
        }
        double mean;
        if (segments.Count == 0) mean = string.IsNullOrWhiteSpace(text) ? 0 : 0.5;
        else
        {
            var weights = segments.Select(s => Math.Max(0.01, s.End - s.Start)).ToList();
            mean = Math.Round(segments.Select((s, i) => s.Confidence * weights[i]).Sum() / weights.Sum(), 3);
        }
        var spoken = segments.Where(s => !s.Silence).ToList();
        var quality = string.IsNullOrWhiteSpace(text) || (segments.Count > 0 && spoken.Count == 0) ? TranscriptQualities.Silent
            : mean < lowThreshold ? TranscriptQualities.LowConfidence
            : TranscriptQualities.Ok;
        // Keep only what was heard: silent segments are where Whisper tends to invent text.
        var heard = spoken.Count == segments.Count ? text.Trim() : string.Join(" ", spoken.Select(s => s.Text)).Trim();
        return new TranscriptResult(quality == TranscriptQualities.Silent ? "" : heard, language, duration, segments, mean, quality);
    }

    private static double Num(JsonElement e, string name, double fallback) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : fallback;

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)(?<u>ms|s|m|h)")]
    private static partial Regex DurationPart();
}
