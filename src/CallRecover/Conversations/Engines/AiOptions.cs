using CallRecover.Common;
using System.ComponentModel.DataAnnotations;

namespace CallRecover.Conversations.Engines;

/// <summary>Settings under <c>Ai</c> (environment: <c>Ai__Provider</c>, <c>Ai__BaseUrl</c>, ...).</summary>
public sealed class AiOptions : IValidatableObject
{
    public const string Section = "Ai";
    public const string BuiltIn = "builtin", OpenAi = "openai";

    /// <summary><c>builtin</c> (default: rules, no keys, no network) or <c>openai</c> (any OpenAI-compatible server).</summary>
    public string Provider { get; set; } = BuiltIn;

    /// <summary>Base URL including <c>/v1</c>: https://api.openai.com/v1, http://localhost:11434/v1 (Ollama), http://gpu:8000/v1 (vLLM).</summary>
    public string? BaseUrl { get; set; } = "https://api.openai.com/v1";

    /// <summary>API key (Ollama and vLLM accept any non-empty value).</summary>
    [Secret] public string? ApiKey { get; set; }

    /// <summary>Chat model name (any model the endpoint serves, e.g. <c>gpt-4o-mini</c> or a local model).</summary>
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>Per-request network timeout.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>The model's time for one turn, retries included: past it the built-in engine answers that turn.</summary>
    [Range(1, 60)]
    public int TurnSeconds { get; set; } = 5;

    /// <summary>Retries after a 429 (rate limit) or 5xx before the built-in engine answers the turn instead.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff delay in milliseconds (doubles per retry, with jitter).</summary>
    [Range(0, 60_000)]
    public int RetryBaseDelayMs { get; set; } = 500;

    /// <summary>A Retry-After longer than this is not waited for: the caller gets the built-in engine's answer now.</summary>
    [Range(0, 300)]
    public int MaxRetryAfterSeconds { get; set; } = 20;

    public bool IsOpenAi => string.Equals(Provider, OpenAi, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(Provider, BuiltIn, StringComparison.OrdinalIgnoreCase) && !IsOpenAi)
            yield return new ValidationResult($"Ai:Provider (Ai__Provider) must be '{BuiltIn}' or '{OpenAi}' (got '{Provider}').", [nameof(Provider)]);
        if (!IsOpenAi) yield break;
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
            yield return new ValidationResult($"Ai:BaseUrl (Ai__BaseUrl) must be an absolute http(s) URL including /v1 when Ai:Provider is openai (got '{BaseUrl}').", [nameof(BaseUrl)]);
        if (string.IsNullOrWhiteSpace(ApiKey))
            yield return new ValidationResult("Ai:ApiKey (Ai__ApiKey) is required when Ai:Provider is openai (any non-empty value for Ollama or vLLM).", [nameof(ApiKey)]);
        if (string.IsNullOrWhiteSpace(Model))
            yield return new ValidationResult("Ai:Model (Ai__Model) must not be empty.", [nameof(Model)]);
    }
}
