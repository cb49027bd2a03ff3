using System.Text.Json.Serialization;
using CallRecover.Common;

namespace CallRecover.Leads;

public static class LeadStatuses
{
    public const string New = "new", Contacted = "contacted", Qualifying = "qualifying", Qualified = "qualified", Booked = "booked",
        Completed = "completed", Unresponsive = "unresponsive", OptedOut = "opted_out", Lost = "lost";
    public static readonly string[] All = [New, Contacted, Qualifying, Qualified, Booked, Completed, Unresponsive, OptedOut, Lost];
}

public static class LeadSources
{
    public const string MissedCall = "missed_call", AnsweredCall = "answered_call", Voicemail = "voicemail", WebForm = "web_form",
        Sms = "sms", Reactivation = "reactivation", Manual = "manual";
    public static readonly string[] All = [MissedCall, AnsweredCall, Voicemail, WebForm, Sms, Reactivation, Manual];
}

public static class Urgencies
{
    public const string Emergency = "emergency", Soon = "soon", Flexible = "flexible", Unknown = "unknown";
    public static readonly string[] All = [Emergency, Soon, Flexible, Unknown];
}

/// <summary>A person who called or texted a business: one per (business, phone).</summary>
public sealed record Lead
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string Phone { get; init; } = "";
    public string? Name { get; init; }

    /// <summary>How the owner reads who it is: "Dana Whitfield ((904) 555-0177)", or the number alone when there is no name yet.</summary>
    [JsonIgnore] public string NameAndPhone => string.IsNullOrWhiteSpace(Name) ? Common.Phone.Display(Phone) : $"{Name} ({Common.Phone.Display(Phone)})";
    public string? Email { get; init; }
    public string? Address { get; init; }
    public string? ServiceNeeded { get; init; }
    public string Urgency { get; init; } = Urgencies.Unknown;
    public string? PreferredTime { get; init; }
    public string Status { get; init; } = LeadStatuses.New;
    public string Source { get; init; } = LeadSources.Manual;
    public decimal? EstimatedValue { get; init; }
    public string? Notes { get; init; }
    /// <summary>Confidence (0–1) per learned field, as stored JSON.</summary>
    [JsonIgnore] public string FieldConfidence { get; init; } = "{}";
    [JsonPropertyName("fieldConfidence")] public Dictionary<string, double> Confidence => Json.Deserialize<Dictionary<string, double>>(FieldConfidence);
    /// <summary>The carrier said this number cannot receive texts (landline, invalid): call back instead.</summary>
    public bool CannotText { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
