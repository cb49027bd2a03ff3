using System.Text.Json.Serialization;

namespace CallRecover.Telephony;

public static class CallStatuses
{
    public const string Ringing = "ringing", Answered = "answered", Missed = "missed", Voicemail = "voicemail", Busy = "busy", Failed = "failed";
    public static readonly string[] All = [Ringing, Answered, Missed, Voicemail, Busy, Failed];
}

/// <summary>One inbound call to a business's carrier number.</summary>
public sealed record Call
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string CallSid { get; init; } = "";
    public string CallerPhone { get; init; } = "";
    public string Status { get; init; } = CallStatuses.Ringing;
    public string? DialStatus { get; init; }
    public int? DurationSeconds { get; init; }
    public bool AfterHours { get; init; }
    public string? RecordingUrl { get; init; }
    public string? RecordingPath { get; init; }
    public string? Transcription { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
