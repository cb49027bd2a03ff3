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

/// <summary>
/// What the carrier's dial status says happened to a call that was not answered, in the owner's words: a busy line is
/// not "nobody answered".
/// </summary>
public static class DialOutcomes
{
    /// <summary>"the line was busy", "nobody answered", ...: completes "(904) 555-0142 called and ...".</summary>
    public static string Sentence(string? dialStatus) => dialStatus?.Trim().ToLowerInvariant() switch
    {
        "busy" => "the line was busy",
        "failed" => "the call could not be put through",
        "canceled" => "they hung up before anyone answered",
        _ => "nobody answered",
    };

    /// <summary>The short label for a call's status on the calls page.</summary>
    public static string Label(Call c) => c.Status switch
    {
        CallStatuses.Missed or CallStatuses.Busy when c.DialStatus == "busy" => "Line was busy",
        CallStatuses.Missed or CallStatuses.Failed when c.DialStatus == "failed" => "Could not connect",
        CallStatuses.Missed when c.DialStatus == "canceled" => "Hung up",
        CallStatuses.Missed => "Nobody answered",
        CallStatuses.Answered => "Answered",
        CallStatuses.Voicemail => "Voicemail",
        CallStatuses.Ringing => "Ringing",
        _ => c.Status,
    };
}
