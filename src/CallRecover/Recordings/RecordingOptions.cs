using CallRecover.Common;
using System.ComponentModel.DataAnnotations;

namespace CallRecover.Recordings;

/// <summary>Settings under <c>Recordings</c>.</summary>
public sealed class RecordingOptions : IValidatableObject
{
    public const string Section = "Recordings";

    /// <summary>Folder for downloaded audio ({Path}/{business}/{sid}.mp3). Never served as static files.</summary>
    public string Path { get; set; } = "data/recordings";
    /// <summary>Largest recording we accept (bytes).</summary>
    public long MaxBytes { get; set; } = 50 * 1024 * 1024;
    /// <summary>Smallest plausible audio per second of recording (bytes): less means a truncated download.</summary>
    public int MinBytesPerSecond { get; set; } = 500;
    /// <summary>How long one recording download may take before it is retried.</summary>
    public int DownloadTimeoutSeconds { get; set; } = 60;
    /// <summary>Basic-auth user for recording downloads; defaults to <c>Carrier:AccountSid</c>.</summary>
    public string? DownloadUser { get; set; }
    /// <summary>Basic-auth password for recording downloads; defaults to <c>Carrier:AuthToken</c>.</summary>
    [Secret] public string? DownloadPassword { get; set; }
    /// <summary>How long a signed recording link works.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>How often the retention worker looks for audio past its business's retention.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Path)) yield return new ValidationResult("Recordings:Path must not be empty.", [nameof(Path)]);
        if (MaxBytes < 1024) yield return new ValidationResult("Recordings:MaxBytes must be at least 1024.", [nameof(MaxBytes)]);
        if (RetentionInterval < TimeSpan.FromSeconds(1)) yield return new ValidationResult("Recordings:RetentionInterval must be at least 1 second.", [nameof(RetentionInterval)]);
    }
}

/// <summary>Settings under <c>Transcription</c>.</summary>
public sealed class TranscriptionOptions : IValidatableObject
{
    public const string Section = "Transcription";

    /// <summary><c>none</c> (recordings are kept and flagged for a person to listen) or <c>openai</c> (any Whisper-compatible API).</summary>
    public string Provider { get; set; } = "none";
    /// <summary>API base including <c>/v1</c>.</summary>
    public string BaseUrl { get; set; } = "https://api.openai.com/v1";
    /// <summary>API key of the transcription service.</summary>
    [Secret] public string? ApiKey { get; set; }
    /// <summary>Speech-to-text model name.</summary>
    public string Model { get; set; } = "whisper-1";
    /// <summary>Language of the calls (ISO-639-1, e.g. <c>en</c>, <c>es</c>); unset: the service detects it.</summary>
    public string? Language { get; set; } = "en";
    /// <summary>Attempts (with exponential backoff on 429/5xx/timeouts) before the transcription is marked failed.</summary>
    public int MaxAttempts { get; set; } = 6;
    /// <summary>How long one transcription request may take before it is retried.</summary>
    public int TimeoutSeconds { get; set; } = 120;
    /// <summary>Call-level confidence below which a transcript is "low confidence" (exp(-1): WIRE.md's avg_logprob &lt; -1).</summary>
    public double LowConfidenceThreshold { get; set; } = 0.37;

    public bool Enabled => string.Equals(Provider, "openai", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider is not ("none" or "openai"))
            yield return new ValidationResult($"Transcription:Provider must be 'none' or 'openai' (got '{Provider}').", [nameof(Provider)]);
        if (Enabled && !Uri.TryCreate(BaseUrl, UriKind.Absolute, out _))
            yield return new ValidationResult($"Transcription:BaseUrl must be an absolute URL (got '{BaseUrl}').", [nameof(BaseUrl)]);
        if (MaxAttempts is < 1 or > 20) yield return new ValidationResult("Transcription:MaxAttempts must be between 1 and 20.", [nameof(MaxAttempts)]);
    }
}
