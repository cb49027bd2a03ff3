using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Queue;
using Dapper;

namespace CallRecover.Telephony;

/// <summary>Why a text is sent. Owner notifications skip the do-not-text list (that list is about callers).</summary>
public static class SmsPurposes
{
    public const string Greeting = "greeting", Reply = "reply", FollowUp = "follow_up", OwnerNotification = "owner_notification",
        Manual = "manual", Compliance = "compliance", Booking = "booking", Reminder = "reminder", Quote = "quote", Review = "review";
}

/// <summary>A text to send. <paramref name="ConversationId"/> is null for texts outside a conversation (owner notifications).</summary>
public sealed record OutboundSms(string BusinessId, string To, string Body, string Sender, string Purpose, string? ConversationId = null);

/// <summary>The stored message; <see cref="BlockedReason"/> is set (and nothing is sent) when compliance stopped it.</summary>
public sealed record SendResult(Message Message, string? BlockedReason)
{
    public bool Queued => BlockedReason is null;
}

/// <summary>
/// The one send path for every outbound SMS. Compliance is checked here, inside the path, not by callers:
/// withheld numbers, opt-outs, the business's do-not-text list and numbers the carrier said cannot take texts.
/// The message is stored <c>queued</c> in the caller's transaction together with an <c>sms.send</c> work item
/// ordered per conversation, so texts to one person go out one at a time, in order.
/// </summary>
public sealed class SmsSender(WorkQueue queue, OptOutStore optOuts, TimeProvider clock, IEnumerable<IOutboundTextObserver> observers)
{
    public const string SendKind = "sms.send";

    public async Task<SendResult> QueueAsync(DbTx tx, OutboundSms sms)
    {
        var now = clock.GetUtcNow();
        var from = await tx.Connection.ExecuteScalarAsync<string>(
            "SELECT carrier_number FROM businesses WHERE id = @BusinessId", new { sms.BusinessId }, tx.Transaction)
            ?? throw new InvalidOperationException("Unknown business.");
        var to = Phone.NormalizeOrNull(sms.To);
        string? blocked = null;
        if (to is null || Phone.IsWithheld(sms.To)) blocked = "invalid_or_withheld_number";
        // The confirmation of a STOP is the one text an opted-out number still gets (CTIA).
        else if (sms.Purpose != SmsPurposes.Compliance && await optOuts.IsOptedOutAsync(tx, sms.BusinessId, to)) blocked = "opted_out";
        else if (sms.Purpose != SmsPurposes.OwnerNotification && await optOuts.IsDoNotTextAsync(tx, sms.BusinessId, to)) blocked = "do_not_text";
        else if (sms.Purpose != SmsPurposes.OwnerNotification && await CannotTextAsync(tx, sms.BusinessId, to)) blocked = "cannot_text";

        var message = new Message
        {
            Id = Ids.New(), BusinessId = sms.BusinessId, ConversationId = sms.ConversationId, Direction = "outbound",
            Sender = sms.Sender, Purpose = sms.Purpose, ToPhone = to ?? sms.To, FromPhone = from, Body = sms.Body,
            Status = blocked is null ? MessageStatuses.Queued : MessageStatuses.Blocked, ErrorCode = blocked,
            CreatedAt = now, UpdatedAt = now,
        };
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO messages ({ConversationStore.MessageColumns})
            VALUES (@Id, @BusinessId, @ConversationId, @Direction, @Sender, @Purpose, @ToPhone, @FromPhone, @Body, NULL, @Status, @ErrorCode, NULL, @Engine, @CreatedAt, @UpdatedAt)
            """, message, tx.Transaction);
        if (blocked is not null) return new SendResult(message, blocked);

        if (sms.ConversationId is not null)
            await tx.Connection.ExecuteAsync(
                "UPDATE conversations SET last_outbound_at = @now, updated_at = @now WHERE business_id = @BusinessId AND id = @ConversationId",
                new { now, sms.BusinessId, sms.ConversationId }, tx.Transaction);
        await queue.EnqueueAsync(tx, new NewWork(SendKind, new SendSmsPayload(sms.BusinessId, message.Id), sms.BusinessId,
            OrderingKey: $"sms:{sms.ConversationId ?? message.ToPhone}", DedupeKey: $"sms:{message.Id}", MaxAttempts: 10));
        foreach (var observer in observers) await observer.OnQueuedAsync(tx, sms, message);
        return new SendResult(message, null);
    }

    private static async Task<bool> CannotTextAsync(DbTx tx, string businessId, string phone) =>
        await tx.Connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM leads WHERE business_id = @businessId AND phone = @phone AND cannot_text",
            new { businessId, phone }, tx.Transaction) > 0;
}

/// <summary>Payload of an <c>sms.send</c> work item.</summary>
public sealed record SendSmsPayload(string BusinessId, string MessageId);
