using System.Text.Json.Serialization;

namespace CallRecover.Notifications;

/// <summary>Something the owner should know, stored whether or not any channel delivered it.</summary>
public sealed record Notification
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string? UserId { get; init; }
    public string Event { get; init; } = "";
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    /// <summary>Event data as JSON (lead id, conversation id...).</summary>
    public string Data { get; init; } = "{}";
    public bool Urgent { get; init; }
    /// <summary>Each channel tried and its result, as JSON.</summary>
    public string Channels { get; init; } = "{}";
    public DateTimeOffset? ReadAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
