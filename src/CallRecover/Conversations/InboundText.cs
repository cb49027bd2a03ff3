using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Tenancy;

namespace CallRecover.Conversations;

/// <summary>A caller's text that has been stored and matched to its open conversation.</summary>
public sealed record InboundText(Business Business, Conversation Conversation, Lead Lead, Message Message);

/// <summary>
/// One step of handling a caller's text, tried in <see cref="Order"/> until one consumes it: e.g. a reply to a
/// pending quote (YES/NO), a pick among offered booking slots, and last the conversation engine.
/// Compliance keywords (STOP/START/HELP) are handled before any step runs.
/// </summary>
public interface IInboundTextStep
{
    int Order { get; }

    /// <summary>True when this step handled the text (no later step runs).</summary>
    Task<bool> TryHandleAsync(InboundText text, CancellationToken ct);
}

/// <summary>Work item kind and payload for processing one inbound text (ordered per conversation).</summary>
public static class ConversationTurn
{
    public const string Kind = "conversation.turn";
    public static string OrderingKey(string conversationId) => $"turn:{conversationId}";
    public static string DedupeKey(string messageId) => $"turn:{messageId}";
    public sealed record Payload(string BusinessId, string ConversationId, string MessageId);
}

/// <summary>
/// Called in the engine's transaction when a lead becomes qualified (booking offers slots from here).
/// Zero or more are registered.
/// </summary>
public interface ILeadQualifiedHook
{
    Task OnQualifiedAsync(DbTx tx, Business business, Conversation conversation, Lead lead);
}

/// <summary>
/// Called in the engine's transaction when the caller corrected known details (field → new value: name, address,
/// email). Booking moves them onto the caller's future visits. Returns a sentence for the caller about what else
/// changed ("Your visit on Thu, Jul 16 at 10:00 AM has the new address."), or null.
/// </summary>
public interface ILeadCorrectedHook
{
    Task<string?> OnCorrectedAsync(DbTx tx, Business business, Lead lead, IReadOnlyDictionary<string, string> corrected);
}
