using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallRecover.Leads;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

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
/// The package's own retries are off: 429/5xx are retried here so that <c>insufficient_quota</c> (also a 429) is not.
/// </summary>
public sealed partial class OpenAiEngine(IOptions<AiOptions> options, TimeProvider clock, ILogger<OpenAiEngine> log) : IConversationEngine
{
    public const string EngineName = "openai";
    public const string ToolName = "record_turn";

    private readonly AiOptions _o = options.Value;
    private ChatClient? _client;

    public string Name => EngineName;

    private ChatClient Client => _client ??= new ChatClient(_o.Model, new ApiKeyCredential(_o.ApiKey ?? "none"), new OpenAIClientOptions
    {
        Endpoint = new Uri(_o.BaseUrl!.TrimEnd('/')),
        NetworkTimeout = TimeSpan.FromSeconds(_o.TimeoutSeconds),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
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
        var completion = await CompleteWithRetriesAsync(messages, request, ct);
        return Interpret(input, completion.Content.FirstOrDefault(p => p.Kind == ChatMessageContentPartKind.Text)?.Text,
            completion.ToolCalls.FirstOrDefault(t => t.FunctionName == ToolName)?.FunctionArguments?.ToString());
    }

    private async Task<ChatCompletion> CompleteWithRetriesAsync(List<ChatMessage> messages, ChatCompletionOptions request, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            TimeSpan delay;
            try
            {
                return (await Client.CompleteChatAsync(messages, request, ct)).Value;
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
                if (attempt >= _o.MaxRetries) throw new AiEngineException(kind, $"The AI provider answered {ex.Status} after {attempt + 1} attempt(s).", ex);
                var asked = RetryAfter(raw);
                if (asked > TimeSpan.FromSeconds(_o.MaxRetryAfterSeconds))
                    throw new AiEngineException(kind, $"The AI provider asked to wait {asked.Value.TotalSeconds:F0}s; not keeping the caller waiting.", ex);
                delay = asked ?? Backoff(attempt);
                log.LogWarning("AI provider answered {Status}; retry {Attempt} in {Delay} ms", ex.Status, attempt + 1, (int)delay.TotalMilliseconds);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
            {
                if (attempt >= _o.MaxRetries) throw new AiEngineException("timeout", $"The AI provider did not answer within {_o.TimeoutSeconds}s.", ex);
                delay = Backoff(attempt);
            }
            catch (HttpRequestException ex)
            {
                if (attempt >= _o.MaxRetries) throw new AiEngineException("unreachable", $"The AI provider is unreachable: {ex.Message}", ex);
                delay = Backoff(attempt);
            }
            await Task.Delay(delay, clock, ct);
        }
    }

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(_o.RetryBaseDelayMs * Math.Pow(2, attempt) * (0.75 + Random.Shared.NextDouble() / 2));

    private static string? ErrorCode(PipelineResponse? raw)
    {
        if (raw?.Content is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(raw.Content.ToMemory());
            if (doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String) return c.GetString();
                if (e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String) return t.GetString();
            }
        }
        catch (JsonException) { }
        return null;
    }

    /// <summary>Retry-After in seconds or as an HTTP date; else OpenAI's x-ratelimit-reset-requests ("1s", "6m0s", "250ms").</summary>
    private TimeSpan? RetryAfter(PipelineResponse? raw)
    {
        if (raw is null) return null;
        if (raw.Headers.TryGetValue("Retry-After", out var ra) && ra is not null)
        {
            if (double.TryParse(ra, NumberStyles.Float, CultureInfo.InvariantCulture, out var secs)) return TimeSpan.FromSeconds(Math.Max(0, secs));
            if (DateTimeOffset.TryParse(ra, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return at - clock.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero;
        }
        foreach (var h in new[] { "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens" })
            if (raw.Headers.TryGetValue(h, out var v) && v is not null && ParseDuration(v) is { } d) return d;
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
        sb.AppendLine("- Emergencies (gas smell, carbon monoxide alarm, no heat in cold weather, flooding or a burst pipe, sparks/burning smell/smoke, stranded on the road): set emergency=true and reply \"That sounds urgent — let me get someone on this right away.\" plus a safety line if gas or CO.");
        sb.AppendLine("- If the caller is upset, asks for a person, or asks something you cannot answer, set human_needed=true and say someone will reach out.");
        sb.AppendLine("- If they say it's a wrong number, are not interested, or ask not to be texted, set the matching flag and close politely.");
        sb.AppendLine("- Only report fields the caller actually stated. Never replace a known field unless the caller explicitly corrects it; then list it in corrected_fields.");
        sb.AppendLine($"- Always call the function {ToolName} with the reply text and the fields.");
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
