using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallRecover.Leads;
using CallRecover.Tenancy;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CallRecover.Conversations.Engines;

/// <summary>Why the model could not answer a turn. <see cref="Kind"/>: insufficient_quota, rate_limited, server_error, timeout, auth, bad_response.</summary>
public sealed class AiEngineException(string kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Kind { get; } = kind;
}

/// <summary>
/// Any OpenAI-compatible chat-completions server (OpenAI, Ollama, vLLM, LocalAI) through the official package
/// with a custom endpoint. The model writes the reply and reports what it learned through one named function
/// call whose JSON arguments are validated field by field: invalid JSON or a wrong type is ignored, never trusted.
/// The package's own retries are off: the <see cref="HttpClientName"/> client's resilience handler owns retries
/// (see <see cref="AddHttpClient"/>); this class only classifies the final answer.
/// </summary>
public sealed partial class OpenAiEngine(IOptions<AiOptions> options, IHttpClientFactory http, ILogger<OpenAiEngine> log) : IConversationEngine
{
    public const string EngineName = "openai";
    public const string ToolName = "record_turn";
    public const string HttpClientName = "openai";

    /// <summary>The circuit opens when half of at least this many attempts in <see cref="CircuitSampling"/> failed.</summary>
    public const int CircuitMinimumThroughput = 6;
    public static readonly TimeSpan CircuitSampling = TimeSpan.FromSeconds(60), CircuitBreak = TimeSpan.FromSeconds(30);

    private readonly AiOptions _o = options.Value;
    private ChatClient? _client;

    public string Name => EngineName;

    private ChatClient Client => _client ??= new ChatClient(_o.Model, new ApiKeyCredential(_o.ApiKey ?? "none"), new OpenAIClientOptions
    {
        Endpoint = new Uri(_o.BaseUrl!.TrimEnd('/')),
        // Attempt and total timeouts are the resilience handler's.
        NetworkTimeout = Timeout.InfiniteTimeSpan,
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        Transport = new HttpClientPipelineTransport(http.CreateClient(HttpClientName)),
    });

    /// <summary>
    /// The model's HTTP client: per attempt <c>Ai:TimeoutSeconds</c>; up to <c>Ai:MaxRetries</c> retries of 429 (not
    /// <c>insufficient_quota</c>), 5xx, timeouts and connection errors, exponential from <c>Ai:RetryBaseDelayMs</c> with
    /// jitter or after the server's Retry-After; a Retry-After over <c>Ai:MaxRetryAfterSeconds</c> is not waited for (the
    /// built-in engine answers now); a total timeout over all of it; a circuit breaker so a dead provider fails fast.
    /// </summary>
    public static void AddHttpClient(IServiceCollection services) =>
        services.AddHttpClient(HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("openai", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<AiOptions>>().Value;
                var clock = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
                var log = context.ServiceProvider.GetRequiredService<ILogger<OpenAiEngine>>();
                var attempt = TimeSpan.FromSeconds(o.TimeoutSeconds);
                pipeline.AddTimeout(attempt * (o.MaxRetries + 1) + TimeSpan.FromSeconds(o.MaxRetryAfterSeconds) * o.MaxRetries
                    + TimeSpan.FromMilliseconds(o.RetryBaseDelayMs) * Math.Pow(2, o.MaxRetries + 1));
                if (o.MaxRetries > 0)
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = o.MaxRetries,
                        Delay = TimeSpan.FromMilliseconds(o.RetryBaseDelayMs),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = false,
                        ShouldHandle = async args => args.Outcome switch
                        {
                            { Exception: HttpRequestException or TimeoutRejectedException } => true,
                            { Result: { } r } when (int)r.StatusCode is 429 or >= 500 =>
                                await ErrorCodeAsync(r, args.Context.CancellationToken) != "insufficient_quota"
                                && !(RetryAfter(r.Headers, clock) > TimeSpan.FromSeconds(o.MaxRetryAfterSeconds)),
                            _ => false,
                        },
                        DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r ? RetryAfter(r.Headers, clock) : null),
                        OnRetry = args =>
                        {
                            log.LogWarning("AI provider answered {Status}; retry {Attempt} in {Delay} ms",
                                args.Outcome.Result is { } r ? (int)r.StatusCode : 0, args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                            return ValueTask.CompletedTask;
                        },
                    });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5, MinimumThroughput = CircuitMinimumThroughput, SamplingDuration = CircuitSampling, BreakDuration = CircuitBreak,
                });
                pipeline.AddTimeout(attempt);
            });

    public async Task<EngineTurn> TurnAsync(EngineInput input, CancellationToken ct)
    {
        var messages = new List<ChatMessage> { new SystemChatMessage(SystemPrompt(input)) };
        foreach (var m in input.Messages.TakeLast(30))
            messages.Add(m.FromCaller ? new UserChatMessage(m.Body) : new AssistantChatMessage(m.Body));
        var request = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool(ToolName, "Record the SMS reply to send and what the caller's texts say.", BinaryData.FromString(ToolSchema)) },
            ToolChoice = ChatToolChoice.CreateFunctionChoice(ToolName),
            Temperature = 0.3f,
            MaxOutputTokenCount = 400,
        };
        var completion = await CompleteAsync(messages, request, ct);
        return Interpret(input, completion.Content.FirstOrDefault(p => p.Kind == ChatMessageContentPartKind.Text)?.Text,
            completion.ToolCalls.FirstOrDefault(t => t.FunctionName == ToolName)?.FunctionArguments?.ToString());
    }

    /// <summary>One call through the resilient client; what still fails after its retries becomes an <see cref="AiEngineException"/>.</summary>
    private async Task<ChatCompletion> CompleteAsync(List<ChatMessage> messages, ChatCompletionOptions request, CancellationToken ct)
    {
        try
        {
            return (await Client.CompleteChatAsync(messages, request, ct)).Value;
        }
        catch (ClientResultException ex) when (ex.Status == 0)
        {
            throw new AiEngineException("unreachable", $"The AI provider is unreachable: {ex.Message}", ex);
        }
        catch (ClientResultException ex)
        {
            var raw = ex.GetRawResponse();
            var code = ErrorCode(raw);
            if (ex.Status == 429 && code == "insufficient_quota")
                throw new AiEngineException("insufficient_quota", "The AI provider reports insufficient quota (429 insufficient_quota): top up the account or change Ai:ApiKey.", ex);
            if (ex.Status is 401 or 403) throw new AiEngineException("auth", $"The AI provider refused the key ({ex.Status}).", ex);
            if (ex.Status != 429 && ex.Status < 500) throw new AiEngineException("bad_request", $"The AI provider rejected the request ({ex.Status} {code}).", ex);
            var kind = ex.Status == 429 ? "rate_limited" : "server_error";
            if (raw is not null && RetryAfter(raw.Headers) is { } asked && asked > TimeSpan.FromSeconds(_o.MaxRetryAfterSeconds))
                throw new AiEngineException(kind, $"The AI provider asked to wait {asked.TotalSeconds:F0}s; not keeping the caller waiting.", ex);
            throw new AiEngineException(kind, $"The AI provider answered {ex.Status} (after up to {_o.MaxRetries} retries).", ex);
        }
        catch (BrokenCircuitException ex)
        {
            log.LogWarning("AI provider circuit is open; the built-in engine answers");
            throw new AiEngineException("circuit_open", "The AI provider failed repeatedly; not calling it for a while.", ex);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            throw new AiEngineException("timeout", $"The AI provider did not answer within {_o.TimeoutSeconds}s.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AiEngineException("unreachable", $"The AI provider is unreachable: {ex.Message}", ex);
        }
    }

    private static string? ErrorCode(PipelineResponse? raw) => raw?.Content is null ? null : ErrorCode(raw.Content.ToString());

    /// <summary>The error body's code (read from a buffered copy, so the package can still read it).</summary>
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await response.Content.LoadIntoBufferAsync(ct);
        return ErrorCode(await response.Content.ReadAsStringAsync(ct));
    }

    private static string? ErrorCode(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String) return c.GetString();
                if (e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String) return t.GetString();
            }
        }
        catch (JsonException) { }
        return null;
    }

    /// <summary>Retry-After in seconds (what the classification needs); else OpenAI's x-ratelimit-reset-requests ("1s", "6m0s", "250ms").</summary>
    private static TimeSpan? RetryAfter(PipelineResponseHeaders headers)
    {
        if (headers.TryGetValue("Retry-After", out var ra) && ra is not null
            && double.TryParse(ra, NumberStyles.Float, CultureInfo.InvariantCulture, out var secs)) return TimeSpan.FromSeconds(Math.Max(0, secs));
        foreach (var h in new[] { "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens" })
            if (headers.TryGetValue(h, out var v) && v is not null && ParseDuration(v) is { } d) return d;
        return null;
    }

    /// <summary>Retry-After in seconds or as an HTTP date; else OpenAI's x-ratelimit-reset-requests ("1s", "6m0s", "250ms").</summary>
    private static TimeSpan? RetryAfter(HttpResponseHeaders headers, TimeProvider clock)
    {
        if (headers.RetryAfter?.Delta is { } delta) return delta;
        if (headers.RetryAfter?.Date is { } at) return at - clock.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero;
        foreach (var h in new[] { "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens" })
            if (headers.TryGetValues(h, out var v) && ParseDuration(v.First()) is { } d) return d;
        return null;
    }

    private static TimeSpan? ParseDuration(string v)
    {
        var total = TimeSpan.Zero;
        var any = false;
        foreach (Match m in DurationRx().Matches(v))
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch { "ms" => TimeSpan.FromMilliseconds(n), "s" => TimeSpan.FromSeconds(n), "m" => TimeSpan.FromMinutes(n), _ => TimeSpan.FromHours(n) };
            any = true;
        }
        return any ? total : null;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h)")]
    private static partial Regex DurationRx();

    // ---------- prompt ----------

    public static string SystemPrompt(EngineInput input)
    {
        var b = input.Business;
        var local = b.LocalTime(input.Now);
        var open = b.IsOpenAt(input.Now);
        var sb = new StringBuilder();
        sb.AppendLine($"You text with callers for {b.Name}, a {VerticalName(b.Vertical)} business, after they called and nobody could pick up.");
        sb.AppendLine($"Services offered: {(b.Services.Count > 0 ? string.Join("; ", b.Services) : "general service")}.");
        sb.AppendLine($"Business hours: {Hours(b.BusinessHours)} ({b.TimeZone}). It is now {local.ToString("dddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} local time, {(open ? "within" : "outside")} business hours.");
        sb.AppendLine("Goal: qualify the lead by asking, in this order and one question at a time, for whatever is still unknown: the service needed, how urgent it is, the caller's name, the service address, and a preferred time.");
        sb.AppendLine("Rules:");
        sb.AppendLine("- Keep every reply to 1-3 short, warm, plain sentences suitable for SMS. Acknowledge what the caller said before asking the next question.");
        sb.AppendLine("- Never say you are a bot, an AI, or a person; if asked, say you are texting for the business and a team member will follow up.");
        sb.AppendLine("- Never diagnose the problem. " + (b.EstimatesEnabled ? "Do not quote exact prices yourself; say an estimate will follow." : "Never mention prices, costs or estimates; say the technician will go over everything."));
        sb.AppendLine("- Emergencies (gas smell, carbon monoxide alarm, no heat in cold weather, no cooling for the elderly, a baby or someone ill in extreme heat (90 °F and up), flooding or a burst pipe, sparks/burning smell/smoke, stranded on the road; an AC that is not cooling is otherwise urgency soon, not an emergency): set emergency=true and reply \"That sounds urgent — let me get someone on this right away.\" plus a safety line if gas or CO.");
        sb.AppendLine("- If the caller is upset, asks for a person, or asks something you cannot answer, set human_needed=true and say someone will reach out.");
        sb.AppendLine("- If they say it's a wrong number, are not interested, or ask not to be texted, set the matching flag and close politely.");
        sb.AppendLine("- Only report fields the caller actually stated. Never replace a known field unless the caller explicitly corrects it; then list it in corrected_fields (urgency too: \"actually it's not urgent\" lowers it).");
        sb.AppendLine($"- Always call the function {ToolName} with the reply text and the fields.");
        // The owner's emergency alerts wait for the morning now: the caller must not be promised a call "right away".
        if (b.UrgentAlertWaits(input.Now))
            sb.AppendLine($"- Right now the owner is not alerted until their quiet hours end: in an emergency reply \"{BuiltInEngine.UrgentAck(b, input.Now)}\" instead, plus the safety line; never promise a call right away.");
        if (!string.IsNullOrWhiteSpace(b.AiInstructions)) sb.AppendLine($"Instructions from the business: {b.AiInstructions}");
        sb.AppendLine("Known so far: " + (input.Known.Fields.Count == 0 ? "nothing." : string.Join("; ", input.Known.Fields.Select(f => $"{f.Key} = {f.Value.Value}"))));
        return sb.ToString();
    }

    private static string VerticalName(string v) => v switch { "hvac" => "heating and air conditioning", "auto" => "mobile auto repair", "plumbing" => "plumbing", "electrical" => "electrical", _ => "home service" };

    private static string Hours(WeeklyHours h) =>
        string.Join(", ", WeeklyHours.DayNames.Select(d => h.TryGetValue(d, out var x) && x is not null ? $"{d[..3]} {x.Open}-{x.Close}" : $"{d[..3]} closed"));

    private const string ToolSchema = """
        {
          "type": "object",
          "properties": {
            "reply": { "type": "string", "description": "The SMS to send the caller now (1-3 short sentences)." },
            "service_needed": { "type": "string", "description": "The service from the business's list that the caller needs." },
            "urgency": { "type": "string", "enum": ["emergency", "soon", "flexible", "unknown"] },
            "name": { "type": "string" },
            "address": { "type": "string", "description": "Service address as given (street, unit, city, zip)." },
            "preferred_time": { "type": "string", "description": "When the caller would like the visit, in their words (e.g. 'tomorrow morning')." },
            "email": { "type": "string" },
            "confidence": { "type": "object", "description": "0-1 confidence per reported field name.", "additionalProperties": { "type": "number" } },
            "corrected_fields": { "type": "array", "items": { "type": "string" }, "description": "Fields the caller explicitly corrected in their last text." },
            "human_needed": { "type": "boolean" },
            "emergency": { "type": "boolean" },
            "not_interested": { "type": "boolean" },
            "wrong_number": { "type": "boolean" },
            "opt_out": { "type": "boolean" }
          },
          "required": ["reply"]
        }
        """;

    // ---------- validation ----------

    private static readonly (string Json, string Field)[] FieldMap =
    [
        ("service_needed", LeadFields.Service), ("urgency", LeadFields.Urgency), ("name", LeadFields.Name), ("address", LeadFields.Address),
        ("preferred_time", LeadFields.PreferredTime), ("email", LeadFields.Email),
    ];

    /// <summary>
    /// Turns the model's answer into a turn, trusting nothing: arguments that are not a JSON object are ignored
    /// as a whole, a field of the wrong type is ignored alone. Throws when there is no usable reply at all.
    /// </summary>
    public static EngineTurn Interpret(EngineInput input, string? content, string? arguments)
    {
        var fields = new Dictionary<string, FieldValue>();
        string? reply = null;
        bool human = false, emergency = false, notInterested = false, wrong = false, optOut = false;
        JsonElement args = default;
        var argsOk = false;
        if (!string.IsNullOrWhiteSpace(arguments))
        {
            try
            {
                using var doc = JsonDocument.Parse(arguments);
                if (doc.RootElement.ValueKind == JsonValueKind.Object) { args = doc.RootElement.Clone(); argsOk = true; }
            }
            catch (JsonException) { /* invalid JSON from the model: ignored */ }
        }
        if (argsOk)
        {
            reply = Str(args, "reply", 480);
            var corrected = new HashSet<string>();
            if (args.TryGetProperty("corrected_fields", out var cf) && cf.ValueKind == JsonValueKind.Array)
                foreach (var item in cf.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.String && FieldMap.FirstOrDefault(f => f.Json == item.GetString() || f.Field == item.GetString()) is { Field: not null } hit)
                        corrected.Add(hit.Field);
            var confidences = args.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
            foreach (var (json, field) in FieldMap)
            {
                var v = Str(args, json, 200);
                if (v is null) continue;
                if (field == LeadFields.Urgency && !Urgencies.All.Contains(v)) continue;
                if (field == LeadFields.Urgency && v == Urgencies.Unknown) continue;
                if (field == LeadFields.Email && !v.Contains('@', StringComparison.Ordinal)) continue;
                if (field == LeadFields.Service) v = CatalogService(input.Business, v);
                var conf = 0.8;
                if (confidences.ValueKind == JsonValueKind.Object)
                    foreach (var key in new[] { json, field })
                        if (confidences.TryGetProperty(key, out var cv) && cv.ValueKind == JsonValueKind.Number && cv.TryGetDouble(out var d) && d is >= 0 and <= 1) conf = d;
                fields[field] = new FieldValue(v, conf, corrected.Contains(field));
            }
            human = Bool(args, "human_needed");
            emergency = Bool(args, "emergency");
            notInterested = Bool(args, "not_interested");
            wrong = Bool(args, "wrong_number");
            optOut = Bool(args, "opt_out");
        }
        reply ??= string.IsNullOrWhiteSpace(content) ? null : content.Trim();
        if (reply is null) throw new AiEngineException("bad_response", "The model gave no usable reply (no text and no valid function arguments).");
        if (reply.Length > 480) reply = reply[..480];
        if (!input.Business.EstimatesEnabled && PriceRx().IsMatch(reply))
            throw new AiEngineException("bad_response", "The model mentioned a price for a business without estimates.");
        if (SelfClaimRx().IsMatch(reply))
            throw new AiEngineException("bad_response", "The model claimed to be a bot or a person.");
        if (emergency) fields[LeadFields.Urgency] = new FieldValue(Urgencies.Emergency, 0.9);
        var (merged, _) = input.Known.Merge(fields);
        var asked = LeadFields.QuestionOrder.FirstOrDefault(f => !merged.Has(f));
        return new EngineTurn(reply, new TurnOutcome
        {
            Fields = fields, Emergency = emergency || merged[LeadFields.Urgency] == Urgencies.Emergency, HumanNeeded = human,
            NotInterested = notInterested, WrongNumber = wrong, OptOut = optOut, Qualified = merged.IsQualified, Asked = asked,
        }, EngineName);
    }

    private static string? Str(JsonElement o, string name, int max) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { } s && s.Trim().Length > 0 && s.Trim().Length <= max
            ? s.Trim() : null;

    private static bool Bool(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>The business's own spelling of a service the model named, so reports group by catalog entry.</summary>
    private static string CatalogService(Business b, string v)
    {
        var exact = b.Services.FirstOrDefault(s => string.Equals(s, v, StringComparison.OrdinalIgnoreCase));
        if (exact is not null) return exact;
        var read = SmsUnderstanding.Read(v, b, null, default).Fields.GetValueOrDefault(LeadFields.Service)?.Value;
        return read ?? v;
    }

    [GeneratedRegex(@"\$\s?\d|\b\d+\s?(dollars|bucks|usd)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PriceRx();

    [GeneratedRegex(@"\b(i am|i'm|im)\s+(a|an|just a)\s+(bot|robot|ai|artificial intelligence|language model|virtual assistant|real person|human)\b|\bas an ai\b", RegexOptions.IgnoreCase)]
    private static partial Regex SelfClaimRx();
}
