using System.Text.Json.Serialization;

namespace CallRecover.Conversations;

public static class ConversationStatuses
{
    public const string Active = "active", HumanActive = "human_active", FollowUp = "follow_up", ClosedBooked = "closed_booked",
        ClosedNoResponse = "closed_no_response", ClosedOptedOut = "closed_opted_out", ClosedManual = "closed_manual", Stale = "stale";
    /// <summary>Statuses in which the conversation is still open (at most one per caller per business).</summary>
    public static readonly string[] Open = [Active, HumanActive, FollowUp];
    public static bool IsOpen(string status) => Open.Contains(status);
}

/// <summary>An SMS thread between a business and one caller.</summary>
public sealed record Conversation
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string? CallId { get; init; }
    public string Phone { get; init; } = "";
    public string Status { get; init; } = ConversationStatuses.Active;
    public int FollowUpCount { get; init; }
    public DateTimeOffset? NextFollowUpAt { get; init; }
    /// <summary>Structured qualification data as JSON.</summary>
    public string Qualification { get; init; } = "{}";
    public bool NeedsHuman { get; init; }
    public bool Emergency { get; init; }
    public DateTimeOffset? LastInboundAt { get; init; }
    public DateTimeOffset? LastOutboundAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public static class MessageStatuses
{
    public const string Queued = "queued", Sending = "sending", Sent = "sent", Delivered = "delivered", Undelivered = "undelivered",
        Failed = "failed", Received = "received", Blocked = "blocked", Canceled = "canceled";
}

public static class Senders
{
    public const string Caller = "caller", Ai = "ai", Human = "human", System = "system";

    /// <summary>Who wrote a text, as the owner reads it.</summary>
    public static string Label(string sender) => sender switch
    {
        Caller => "Caller", Ai => "AI", Human => "You", _ => "System",
    };
}

/// <summary>One text, inbound or outbound. Owner notifications by SMS have no conversation.</summary>
public sealed record Message
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string? ConversationId { get; init; }
    public string Direction { get; init; } = "outbound";
    public string Sender { get; init; } = Senders.System;
    public string? Purpose { get; init; }
    public string ToPhone { get; init; } = "";
    public string FromPhone { get; init; } = "";
    public string Body { get; init; } = "";
    public string? CarrierSid { get; init; }
    public string Status { get; init; } = MessageStatuses.Queued;
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public string? Engine { get; init; }
    /// <summary>Why the texting policy held this text (until <see cref="SendAfter"/>) or never sent it (status blocked).</summary>
    public string? PolicyReason { get; init; }
    /// <summary>A held text goes no earlier than this (quiet hours in the recipient's time zone).</summary>
    public DateTimeOffset? SendAfter { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
