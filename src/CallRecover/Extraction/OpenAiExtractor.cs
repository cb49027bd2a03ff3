using System.ClientModel;
using System.Globalization;
using System.Text.Json;
using CallRecover.Conversations.Engines;
using CallRecover.Leads;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace CallRecover.Extraction;

/// <summary>
/// Extraction by an OpenAI-compatible chat model forced to call one function whose arguments are the fields.
/// The arguments are a JSON string the model wrote, so every value is validated (types, ranges, phone format,
/// urgency set); anything invalid is dropped and noted. If the model is unreachable or answers garbage, the
/// built-in rules extract instead — a call is never left unprocessed because the AI is down.
/// </summary>
public sealed class OpenAiExtractor(IOptions<AiOptions> options, ILogger<OpenAiExtractor> log) : ITranscriptExtractor
{
    public const string FunctionName = "record_call_details";
    private readonly AiOptions _o = options.Value;

    public async Task<ExtractionResult> ExtractAsync(string transcript, ExtractionContext context, CancellationToken ct)
    {
        string arguments;
        try
        {
            var client = new ChatClient(_o.Model, new ApiKeyCredential(string.IsNullOrEmpty(_o.ApiKey) ? "none" : _o.ApiKey), new OpenAIClientOptions
            {
                Endpoint = _o.BaseUrl is null ? null : new Uri(_o.BaseUrl),
                NetworkTimeout = TimeSpan.FromSeconds(_o.TimeoutSeconds),
                RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(1),
            });
            var chatOptions = new ChatCompletionOptions
            {
                Tools = { ChatTool.CreateFunctionTool(FunctionName, "Record the details the caller gave.", BinaryData.FromString(Schema)) },
                ToolChoice = ChatToolChoice.CreateFunctionChoice(FunctionName),
                Temperature = 0,
            };
            ChatMessage[] messages =
            [
                new SystemChatMessage(
                    $"You read phone call transcripts for {context.BusinessName} ({context.Vertical}). Extract only what the caller actually said; " +
                    "leave a field out when it was not said. Give each field a confidence from 0 to 1. Phone numbers as digits. " +
                    $"The current year is {context.CurrentYear}. List every preferred appointment time the caller mentioned in preferredTimes."),
                new UserChatMessage(transcript),
            ];
            var completion = (await client.CompleteChatAsync(messages, chatOptions, ct)).Value;
            var call = completion.ToolCalls.FirstOrDefault(t => t.FunctionName == FunctionName)
                ?? throw new InvalidDataException($"The model did not call {FunctionName} (finish reason {completion.FinishReason}).");
            arguments = call.FunctionArguments.ToString();
        }
        catch (Exception ex) when (ex is ClientResultException or HttpRequestException or InvalidDataException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning("AI extraction unavailable ({Error}); using the built-in rules", ex.GetType().Name + ": " + ex.Message);
            return RuleExtractor.Extract(transcript, context) with { Engine = "rules", Notes = ["ai unavailable: " + Truncate(ex.Message)] };
        }
        try
        {
            return Validate(arguments, context);
        }
        catch (JsonException ex)
        {
            log.LogWarning("AI extraction returned invalid arguments ({Error}); using the built-in rules", ex.Message);
            return RuleExtractor.Extract(transcript, context) with { Engine = "rules", Notes = ["ai arguments invalid: " + Truncate(ex.Message)] };
        }
    }

    private static string Truncate(string s) => s.Length > 200 ? s[..200] : s;

    /// <summary>Checks the model's arguments field by field. Throws <see cref="JsonException"/> when they are not a JSON object at all.</summary>
    public static ExtractionResult Validate(string arguments, ExtractionContext context)
    {
        using var doc = JsonDocument.Parse(arguments);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("The arguments are not a JSON object.");
        var fields = new Dictionary<string, ExtractedField>();
        var notes = new List<string>();
        foreach (var name in FieldNames.All)
        {
            if (!doc.RootElement.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null) continue;
            string? value;
            double confidence = 0.5;
            if (el.ValueKind == JsonValueKind.Object)
            {
                value = el.TryGetProperty("value", out var v) ? Scalar(v) : null;
                if (el.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number) confidence = Math.Clamp(c.GetDouble(), 0, 1);
            }
            else value = Scalar(el);
            if (string.IsNullOrWhiteSpace(value)) continue;
            var normalized = Normalize(name, value.Trim(), context);
            if (normalized is null) { notes.Add($"{name}: invalid value dropped"); continue; }
            fields[name] = new ExtractedField(normalized, Math.Round(confidence, 2));
        }
        var times = new List<string>();
        if (doc.RootElement.TryGetProperty("preferredTimes", out var pt) && pt.ValueKind == JsonValueKind.Array)
            times.AddRange(pt.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!.Trim()).Where(s => s.Length > 0).Distinct());
        if (times.Count == 0 && fields.TryGetValue(FieldNames.PreferredTime, out var single)) times.Add(single.Value!);
        if (times.Count > 1) fields[FieldNames.PreferredTime] = new ExtractedField(string.Join("; ", times), Math.Min(0.4, fields.GetValueOrDefault(FieldNames.PreferredTime)?.Confidence ?? 0.4));
        if (!fields.ContainsKey(FieldNames.Phone) && Common.Phone.CallerIdOrNull(context.CallerPhone) is { } callerId)
            fields[FieldNames.Phone] = new ExtractedField(callerId, 0.6);
        return new ExtractionResult
        {
            Fields = fields, PreferredTimes = times, Engine = "openai", Notes = notes,
        };
    }

    private static string? Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        _ => null,
    };

    private static string? Normalize(string field, string value, ExtractionContext context) => field switch
    {
        FieldNames.Phone => Common.Phone.NormalizeOrNull(value) ?? (SpokenNumbers.DigitRuns(value).Select(r => Common.Phone.NormalizeOrNull(r.Digits)).FirstOrDefault(p => p is not null)),
        FieldNames.Urgency => Urgencies.All.Contains(value.ToLowerInvariant()) ? value.ToLowerInvariant() : null,
        FieldNames.VehicleYear => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y >= 1950 && y <= context.CurrentYear + 1 ? y.ToString(CultureInfo.InvariantCulture) : null,
        FieldNames.Vin => FieldValues.Vin(value),
        FieldNames.Price => decimal.TryParse(value.TrimStart('$').Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var p) && p >= 0
            ? FieldValues.Price(p) : null,
        FieldNames.Email => FieldValues.Email(value),
        _ => value.Length > 500 ? value[..500] : value,
    };

    private static readonly string Schema = BuildSchema();

    private static string BuildSchema()
    {
        var field = new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object> { ["value"] = new { type = "string" }, ["confidence"] = new { type = "number", minimum = 0, maximum = 1 } },
            ["required"] = new[] { "value", "confidence" },
        };
        var properties = FieldNames.All.ToDictionary(f => f, _ => (object)field);
        properties["preferredTimes"] = new { type = "array", items = new { type = "string" } };
        return JsonSerializer.Serialize(new { type = "object", properties });
    }
}

/// <summary>Picks the configured extractor.</summary>
public sealed class TranscriptExtractor(IOptions<AiOptions> options, RuleExtractor rules, OpenAiExtractor openAi) : ITranscriptExtractor
{
    public Task<ExtractionResult> ExtractAsync(string transcript, ExtractionContext context, CancellationToken ct) =>
        options.Value.IsOpenAi ? openAi.ExtractAsync(transcript, context, ct) : rules.ExtractAsync(transcript, context, ct);
}
