using System.Text.Json.Serialization;

namespace CallRecover.Telephony;

public static class CallStatuses
{
    public const string Ringing = "ringing", Answered = "answered", Missed = "missed", Voicemail = "voicemail", Busy = "busy", Failed = "failed";
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
    /// <summary>What screened the answering side: press1, amd, press1+amd, or null (nothing).</summary>
    public string? Screening { get; init; }
    /// <summary>The carrier's answering-machine verdict for the business phone (human, machine_start, fax, ...).</summary>
    public string? AnsweredBy { get; init; }
    /// <summary>accepted, rejected (no key pressed) or machine.</summary>
    public string? ScreenResult { get; init; }
    /// <summary>Furthest status of the business-phone leg from status callbacks.</summary>
    public string? LegStatus { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
