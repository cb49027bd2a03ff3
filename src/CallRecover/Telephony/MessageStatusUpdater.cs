using CallRecover.Compliance;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Notifications;
using Dapper;

namespace CallRecover.Telephony;

/// <summary>
/// Applies what the carrier says about an outbound text (the REST answer or a status callback): statuses only move
/// forward whatever order they arrive in, and the carrier's "never retry" errors change the lead.
/// </summary>
public sealed class MessageStatusUpdater(OptOuts optOuts, ConversationStore conversations, LeadStore leads, Notifier notifier, LiveEvents live, TimeProvider clock,
    ILogger<MessageStatusUpdater> log)
{
    /// <summary>Recipient unsubscribed at the carrier.</summary>
    public const string OptedOutCode = "21610";

    /// <summary>Invalid number, not a mobile, landline, unknown handset: call back instead of texting.</summary>
    public static readonly string[] CannotTextCodes = ["21211", "21614", "21635", "30005", "30006"];

    /// <summary>Our status for a carrier status; null for ones we do not track.</summary>
    public static string? Map(string carrierStatus) => carrierStatus.Trim().ToLowerInvariant() switch
    {
        "accepted" or "scheduled" or "queued" or "sending" => MessageStatuses.Sending,
        "sent" => MessageStatuses.Sent,
        "delivered" or "read" => MessageStatuses.Delivered,
        "undelivered" => MessageStatuses.Undelivered,
        "failed" => MessageStatuses.Failed,
        "canceled" => MessageStatuses.Canceled,
        _ => null,
    };

    public static int Rank(string status) => status switch
    {
        MessageStatuses.Queued => 0,
        MessageStatuses.Sending => 1,
        MessageStatuses.Sent => 2,
        _ => 3, // delivered, undelivered, failed, canceled, blocked: final
    };

    /// <summary>Moves a message forward to <paramref name="status"/> (never back); records the error code; acts on it.</summary>
    public async Task ApplyAsync(DbTx tx, Message message, string status, string? errorCode, string? errorMessage = null)
    {
        if (Rank(status) > Rank(message.Status))
        {
            await conversations.SetDeliveryStatusAsync(tx, message.BusinessId, message.Id, status, Blank(errorCode), Blank(errorMessage));
            tx.AfterCommit(() => live.Publish(message.BusinessId, "message", message.Id));
        }
        if (Blank(errorCode) is { } code) await OnErrorAsync(tx, message, code);
    }

    /// <summary>The carrier refused or failed a text with <paramref name="code"/>: opt-out or "cannot text" as WIRE.md says.</summary>
    public async Task OnErrorAsync(DbTx tx, Message message, string code)
    {
        // The owner's own phone is not a lead: record only.
        if (message.Purpose == SmsPurposes.OwnerNotification) return;
        if (code == OptedOutCode)
        {
            await optOuts.OptOutAsync(tx, message.BusinessId, message.ToPhone, "carrier:21610", "carrier");
            log.LogInformation("Carrier says {Phone} unsubscribed (21610): opt-out recorded", Phone.Mask(message.ToPhone));
        }
        else if (CannotTextCodes.Contains(code))
        {
            var (changed, leadId) = await leads.MarkCannotTextAsync(tx, message.BusinessId, message.ToPhone);
            // Tell the owner once per lead, not once per failed text.
            if (changed || leadId is null)
                await notifier.NotifyAsync(tx, message.BusinessId, new OwnerNotice("cannot_text", "Call back: this number cannot get texts",
                    $"Our text to {Phone.Display(message.ToPhone)} failed ({code}: landline or invalid number). Please call them back instead.",
                    new { leadId, messageId = message.Id, conversationId = message.ConversationId, code }));
            log.LogInformation("Carrier says {Phone} cannot take texts ({Code}): lead marked, owner told", Phone.Mask(message.ToPhone), code);
            if (leadId is not null) tx.AfterCommit(() => live.Publish(message.BusinessId, "lead", leadId));
        }
    }

    /// <summary>
    /// Stores a status callback for one of <paramref name="businessId"/>'s texts and applies it when we know the message
    /// (or later, when its SID is recorded). Never called without the business: a callback nobody sent is dropped.
    /// </summary>
    public async Task RecordCallbackAsync(DbTx tx, string businessId, string sid, string carrierStatus, string? errorCode)
    {
        await tx.Connection.ExecuteAsync("""
            INSERT INTO sms_status_events (id, business_id, message_sid, status, error_code, received_at) VALUES (@Id, @businessId, @sid, @carrierStatus, @errorCode, @now)
            """, new { Id = Ids.New(), businessId, sid, carrierStatus, errorCode = Blank(errorCode), now = clock.GetUtcNow() }, tx.Transaction);
        // Locking on the SID serializes this callback against recording the SID (ApplyEarlyCallbacksAsync): whichever
        // locks second sees the other's committed row, so a callback that overtakes our own commit is never lost.
        await tx.LockAsync(sid);
        var message = await conversations.FindBySidAsync(tx, businessId, sid);
        if (message is not null && Map(carrierStatus) is { } status) await ApplyAsync(tx, message, status, errorCode);
    }

    /// <summary>Applies callbacks that arrived before the SID was recorded (the carrier can be faster than our commit).</summary>
    public async Task ApplyEarlyCallbacksAsync(DbTx tx, Message message, string sid)
    {
        await tx.LockAsync(sid); // against RecordCallbackAsync for the same SID
        var events = (await tx.Connection.QueryAsync<(string Status, string? ErrorCode)>(
            "SELECT status, error_code FROM sms_status_events WHERE business_id = @BusinessId AND message_sid = @sid ORDER BY received_at",
            new { message.BusinessId, sid }, tx.Transaction)).ToList();
        foreach (var (s, code) in events)
        {
            var current = await conversations.FindBySidAsync(tx, message.BusinessId, sid) ?? message;
            if (Map(s) is { } status) await ApplyAsync(tx, current, status, code);
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
