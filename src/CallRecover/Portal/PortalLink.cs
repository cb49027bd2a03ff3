using System.Text.Json.Serialization;

namespace CallRecover.Portal;

/// <summary>A customer's signed link to their portal. Only the token's SHA-256 is stored.</summary>
public sealed record PortalLink
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string? CustomerId { get; init; }
    [JsonIgnore] public string TokenHash { get; init; } = "";
    /// <summary>Why it was made: quote, booking, staff.</summary>
    public string Purpose { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }

    public bool UsableAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>A quote answered in the portal: the typed name (approval) or the reason (decline), the time and the IP.</summary>
public sealed record QuoteSignature
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string QuoteId { get; init; } = "";
    public string PortalLinkId { get; init; } = "";
    public string Decision { get; init; } = "";
    public string? SignedName { get; init; }
    public string? Reason { get; init; }
    public string? Ip { get; init; }
    public DateTimeOffset SignedAt { get; init; }
}
